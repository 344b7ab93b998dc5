namespace AkkaOcr.Documents.Tools;

/// <summary>What a finished tool left: its exit status, its whole standard output, and the start of its error output.</summary>
public sealed record ChildProcessResult(int ExitCode, byte[] StandardOutput, string StandardError);
