using AkkaOcr.Messages.Ocr;

namespace AkkaOcr.Documents.Tools;

/// <summary>
/// The text a PDF page carries itself, with its words boxed in pixels of the page rasterized at a given
/// resolution, so it can stand in for an OCR result of that page.
/// </summary>
/// <param name="Text">Words joined by spaces within a line, lines by a newline, blocks by an empty line.</param>
/// <param name="Width">The page's width in pixels at that resolution.</param>
/// <param name="Height">The page's height in pixels at that resolution.</param>
public sealed record PageText(string Text, IReadOnlyList<OcrWord> Words, int Width, int Height)
{
    /// <summary>Whether the page has real text: a word with a letter or a digit, not only stray marks or spaces.</summary>
    public bool HasText => Words.Any(word => word.Text.Any(char.IsLetterOrDigit));
}
