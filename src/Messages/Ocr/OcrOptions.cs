namespace AkkaOcr.Messages.Ocr;

/// <summary>What the caller gets back besides the plain text.</summary>
public enum OcrOutputFormat
{
    Text = 0,
    Hocr = 1,
    Tsv = 2,
}

/// <summary>
/// How one image is read. <paramref name="Language"/> is Tesseract's own form (<c>eng</c>,
/// <c>eng+deu</c>); <paramref name="PageSegmentationMode"/> is Tesseract's <c>--psm</c> number.
/// </summary>
public sealed record OcrOptions(string Language, int PageSegmentationMode, bool IncludeWords, OcrOutputFormat Format)
    : IAkkaOcrMessage;
