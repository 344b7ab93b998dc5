using System.Collections.Immutable;
using AkkaOcr.Messages.Ocr;

namespace AkkaOcr.Routing;

/// <summary>
/// A request's language in Tesseract's form (<c>eng+deu</c>), split once into the traineddata files it
/// needs, because the router matches it against every candidate worker.
/// </summary>
public sealed class LanguageSpec
{
    private LanguageSpec(string text, ImmutableArray<string> parts)
    {
        Text = text;
        Parts = parts;
    }

    /// <summary>The spec as the client wrote it, which is how refusals quote it back.</summary>
    public string Text { get; }

    public ImmutableArray<string> Parts { get; }

    public static LanguageSpec Parse(string text) => new(text, [.. OcrLanguages.Parts(text)]);

    /// <summary>
    /// Whether a worker with <paramref name="installed"/> reads it: <c>auto</c> needs an engine that detects
    /// each page's script (<paramref name="detectsScript"/>) and any language to read it in.
    /// </summary>
    public bool IsReadableWith(IReadOnlySet<string> installed, bool detectsScript = true) =>
        OcrLanguages.IsAuto(Text) ? detectsScript && installed.Count > 0 : Parts.All(installed.Contains);

    public override string ToString() => Text;
}
