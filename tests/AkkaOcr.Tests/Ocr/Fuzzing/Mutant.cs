namespace AkkaOcr.Tests.Ocr.Fuzzing;

/// <summary>A mutated input: the format it started as, its bytes, and what was done to it (to reproduce a failure).</summary>
internal sealed record Mutant(string Format, byte[] Content, string Steps);
