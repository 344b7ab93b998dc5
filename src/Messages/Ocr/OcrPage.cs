namespace AkkaOcr.Messages.Ocr;

/// <summary>
/// The result of reading one image. <paramref name="Words"/> is empty unless asked for;
/// <paramref name="Rendered"/> holds Tesseract's hOCR or TSV when that format was asked for.
/// </summary>
public sealed record OcrPage(
    string Text,
    float MeanConfidence,
    string Language,
    long ElapsedMs,
    IReadOnlyList<OcrWord> Words,
    string? Rendered) : IAkkaOcrMessage;
