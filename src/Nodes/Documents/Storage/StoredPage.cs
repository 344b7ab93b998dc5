using System.Text;
using AkkaOcr.Messages;
using AkkaOcr.Messages.Ocr;

namespace AkkaOcr.Documents.Storage;

/// <summary>Where a page's text came from: the OCR engine, or the text the page already carried.</summary>
public enum PageSource
{
    Ocr = 0,
    Text = 1,
}

/// <summary>
/// One page's result as stored: its text, mean confidence, words with boxes in pixels of the page as
/// rasterized at <paramref name="Resolution"/> ppi, and, for read pages, Tesseract's hOCR and ALTO for
/// the page and its invisible text layer (a one-page PDF) for the searchable PDF, and the clockwise turn
/// that made the page upright before it was read (its hOCR, ALTO and layer describe the upright page).
/// </summary>
public sealed record StoredPage(
    int Page,
    PageSource Source,
    [property: Secret] string Text,
    float Confidence,
    int Width,
    int Height,
    int Resolution,
    [property: Secret] IReadOnlyList<OcrWord> Words,
    [property: Secret] string? Hocr,
    [property: Secret] string? Alto,
    [property: Secret] byte[]? TextLayer,
    int UprightTurn = 0)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Page = {Page}, Source = {Source}, Confidence = {Confidence}, Width = {Width}, Height = {Height}, ");
        builder.Append($"Resolution = {Resolution}, Text = {SecretAttribute.Placeholder}");
        return true;
    }
}
