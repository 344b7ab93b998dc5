namespace AkkaOcr.Gateway.Ocr.Images;

/// <summary>The encodings an upload may have; each is recognized by its magic bytes, never by a file name.</summary>
public enum ImageFormat
{
    Unknown = 0,
    Png,
    Jpeg,
    Tiff,
    Bmp,
    Gif,
    WebP,
    Pnm,
}
