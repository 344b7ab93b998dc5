using System.Text;

namespace AkkaOcr.Messages.Ocr;

/// <summary>
/// The result of reading one image, or every page of a document: then <paramref name="Text"/> joins the
/// pages' texts with a form feed, and <paramref name="MeanConfidence"/> is the pages' mean.
/// <paramref name="Words"/> is empty unless asked for; <paramref name="Rendered"/> holds Tesseract's hOCR or
/// TSV, page after page, when that format was asked for. <paramref name="Outputs"/> is there only when
/// <see cref="OcrOptions.PageOutputs"/> asked for it, for an image of one page.
/// </summary>
public sealed record OcrPage(
    [property: Secret] string Text,
    float MeanConfidence,
    string Language,
    long ElapsedMs,
    [property: Secret] IReadOnlyList<OcrWord> Words,
    [property: Secret] string? Rendered,
    OcrPageOutputs? Outputs = null) : IAkkaOcrMessage
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Text = {SecretAttribute.Placeholder}, MeanConfidence = {MeanConfidence}, Language = {Language}, ");
        builder.Append($"ElapsedMs = {ElapsedMs}, Words = {SecretAttribute.Placeholder}, Rendered = {SecretAttribute.Placeholder}, ");
        builder.Append($"Outputs = {Outputs}");
        return true;
    }
}
