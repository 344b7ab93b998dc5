namespace AkkaOcr.Documents.Tools;

/// <summary>
/// The invisible text of one page: a one-page PDF that holds only text in render mode 3, the size of the
/// original page (what Tesseract's PDF renderer writes with <c>textonly_pdf=1</c>).
/// </summary>
/// <param name="PageNumber">The page of the original it belongs to, from 1.</param>
/// <param name="UprightTurn">
/// The clockwise turn (0, 90, 180, 270) that made the page image upright before it was read: the layer is
/// upright, so it is turned back by as much to lie on the page as the page lies.
/// </param>
public sealed record PageTextLayer(int PageNumber, byte[] TextOnlyPdf, int UprightTurn = 0);
