namespace AkkaOcr.Documents.Tools;

/// <summary>What an upload is, told by its first bytes, never by its name or declared type.</summary>
public enum DocumentKind
{
    Pdf,

    /// <summary>A TIFF of one or more pages, as scanners and fax software write them.</summary>
    Tiff,

    /// <summary>A single-page image in a format the OCR engine reads: PNG, JPEG, GIF, BMP or WebP.</summary>
    Image,
}
