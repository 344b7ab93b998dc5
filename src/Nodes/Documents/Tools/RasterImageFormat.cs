namespace AkkaOcr.Documents.Tools;

/// <summary>How a rasterized page is encoded.</summary>
public enum RasterImageFormat
{
    /// <summary>
    /// LZW-compressed TIFF, for OCR: about as small as PNG for a text page, and written in a quarter of the
    /// time (pdftoppm's PNG encoder is the largest cost of rasterizing a scanned page).
    /// </summary>
    Tiff,

    /// <summary>PNG, for browsers, which do not display TIFF.</summary>
    Png,
}
