namespace AkkaOcr.Documents.Tools;

/// <summary>
/// A PDF page as a grayscale image, with the resolution it was rasterized at: the text layer built from
/// this image is sized by it (pixels at <see cref="Dpi"/> back to points), so it must be the one used.
/// </summary>
public sealed record RasterizedPage(byte[] Image, RasterImageFormat Format, int Width, int Height, int Dpi);
