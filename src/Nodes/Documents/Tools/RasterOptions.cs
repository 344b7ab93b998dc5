namespace AkkaOcr.Documents.Tools;

/// <summary>How finely to rasterize a PDF page, and how to encode the image.</summary>
/// <param name="Dpi">The resolution wanted for pages of vector content (300 reads small print well).</param>
/// <param name="MaxPixels">The most pixels one page image may have, whatever size the page claims.</param>
/// <param name="Format">The image's encoding: TIFF for OCR, PNG for a browser.</param>
public sealed record RasterOptions(int Dpi, long MaxPixels, RasterImageFormat Format = RasterImageFormat.Tiff)
{
    /// <summary>300 dpi, and at most 50 megapixels (an A3 page at 300 dpi has about 17.4), as TIFF.</summary>
    public static RasterOptions Default { get; } = new(300, 50_000_000);
}
