using System.Text;

namespace AkkaOcr.Messages.Ocr;

/// <summary>
/// Everything a document job builds its results from for one page, besides the text and words of the
/// <see cref="OcrPage"/> it belongs to. The renderings describe the image as it was read: turned upright by
/// <see cref="RotatedDegrees"/>, then straightened by <see cref="DeskewDegrees"/>; <see cref="Width"/> and
/// <see cref="Height"/> are that image's size. The page's words, unlike these renderings, are mapped back
/// onto the image as sent.
/// </summary>
/// <param name="Width">Pixels across the image read (after rotation; deskewing keeps the size).</param>
/// <param name="Height">Pixels down the image read.</param>
/// <param name="Resolution">The pixels per inch Tesseract used: the sender's, the image's own, or Tesseract's estimate.</param>
/// <param name="RotatedDegrees">Clockwise turn (0, 90, 180 or 270) applied to the image as sent to make it upright.</param>
/// <param name="DeskewDegrees">Clockwise turn about the image's centre applied after <paramref name="RotatedDegrees"/>; 0 when none was.</param>
/// <param name="Hocr">Tesseract's hOCR of the page (an XHTML <c>div</c> of class <c>ocr_page</c>).</param>
/// <param name="Alto">Tesseract's ALTO XML of the page (the <c>Page</c> element, without the document around it).</param>
/// <param name="TextLayerPdf">
/// A one-page PDF of invisible text only, <c>Width</c>/<c>Resolution</c> by <c>Height</c>/<c>Resolution</c>
/// inches, to lay over the page's original for a searchable PDF.
/// </param>
public sealed record OcrPageOutputs(
    int Width,
    int Height,
    int Resolution,
    int RotatedDegrees,
    float DeskewDegrees,
    [property: Secret] string Hocr,
    [property: Secret] string Alto,
    [property: Secret] byte[] TextLayerPdf) : IAkkaOcrMessage
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Width = {Width}, Height = {Height}, Resolution = {Resolution}, RotatedDegrees = {RotatedDegrees}, ");
        builder.Append($"DeskewDegrees = {DeskewDegrees}, Hocr = {SecretAttribute.Placeholder}, Alto = {SecretAttribute.Placeholder}, ");
        builder.Append($"TextLayerPdf = {SecretAttribute.Placeholder}");
        return true;
    }
}
