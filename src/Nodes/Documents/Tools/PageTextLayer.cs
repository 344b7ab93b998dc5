namespace AkkaOcr.Documents.Tools;

/// <summary>
/// The invisible text of one page: a one-page PDF that holds only text in render mode 3, the size of the
/// original page (what Tesseract's PDF renderer writes with <c>textonly_pdf=1</c>).
/// </summary>
/// <param name="PageNumber">The page of the original it belongs to, from 1.</param>
public sealed record PageTextLayer(int PageNumber, byte[] TextOnlyPdf);
