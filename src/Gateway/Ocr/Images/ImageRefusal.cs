namespace AkkaOcr.Gateway.Ocr.Images;

/// <summary>
/// A structure the gateway refuses whatever the dimensions say, because a decoder would do
/// unbounded work on it before any pixel cap applies.
/// </summary>
public enum ImageRefusal
{
    None = 0,

    /// <summary>giflib decodes every frame of a GIF before Leptonica keeps the first.</summary>
    MultiFrameGif,

    /// <summary>More than <see cref="TiffDirectories.MaxDirectories"/> directories in a TIFF's chain.</summary>
    TooManyTiffDirectories,

    /// <summary>A TIFF directory whose next-directory offset leads back to one already read.</summary>
    TiffDirectoryLoop,

    /// <summary>PNG image data that inflates to more than the rows its header states.</summary>
    PngDataPastItsRows,

    /// <summary>64-bit TIFF, whose directories this gateway does not walk.</summary>
    BigTiff,

    /// <summary>More than <see cref="JpegScans.MaxScans"/> scans in a JPEG: each costs a pass over every block.</summary>
    TooManyJpegScans,
}
