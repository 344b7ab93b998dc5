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
/// <c>eng+deu</c>); <paramref name="PageSegmentationMode"/> is Tesseract's <c>--psm</c> number. The members
/// after <paramref name="Format"/> were added for the pages of document jobs; their defaults read an image
/// exactly as before, and a sender that does not know them yet is read with those defaults.
/// </summary>
/// <param name="AutoRotate">Turn the page upright first, by Tesseract's orientation detection: scans come sideways or upside down.</param>
/// <param name="Deskew">Straighten a page scanned at a slight angle before reading it.</param>
/// <param name="Resolution">
/// The image's pixels per inch when the sender knows it (the DPI a PDF page was rasterized at); 0 lets
/// Tesseract take it from the image or estimate it. It sets the page size of the text layer.
/// </param>
/// <param name="PageOutputs">The result carries <see cref="OcrPageOutputs"/>: what a document job needs to build its results.</param>
/// <param name="Engine">The engine to read with (<see cref="OcrEngineInfo.Name"/>); null lets the router pick any that can.</param>
public sealed record OcrOptions(
    string Language,
    int PageSegmentationMode,
    bool IncludeWords,
    OcrOutputFormat Format,
    bool AutoRotate = false,
    bool Deskew = false,
    int Resolution = 0,
    bool PageOutputs = false,
    string? Engine = null)
    : IAkkaOcrMessage;
