using AkkaOcr.Messages.Ocr;
using SkiaSharp;

namespace AkkaOcr.Ocr.PaddleOcr;

/// <summary>Decodes an upload with Skia, after checking its dimensions from the header alone.</summary>
internal static class SkiaImage
{
    /// <summary>
    /// Every bitmap the engine works on: 8-bit BGRA, premultiplied, so that each pixel over white is its
    /// colour plus what its alpha leaves out, and the bytes are in the BGR order PaddleOCR's models were trained on.
    /// </summary>
    public static SKImageInfo Info(int width, int height) => new(width, height, SKColorType.Bgra8888, SKAlphaType.Premul);

    /// <exception cref="OcrEngineException">The image is empty, not in a format Skia reads, corrupt, or larger than <paramref name="maxPixels"/>.</exception>
    public static SKBitmap Decode(ReadOnlySpan<byte> image, long maxPixels)
    {
        if (image.IsEmpty)
            throw new OcrEngineException(OcrFailure.UnreadableImage, "the image is empty");
        var header = SKBitmap.DecodeBounds(image);
        if (header.Width <= 0 || header.Height <= 0)
            throw new OcrEngineException(OcrFailure.UnreadableImage,
                "the image header cannot be read: the PP-OCR engine reads PNG, JPEG, WebP, GIF and BMP images");
        if ((long)header.Width * header.Height > maxPixels)
            throw new OcrEngineException(OcrFailure.TooManyPixels,
                $"the image is {header.Width}x{header.Height} pixels, more than the {maxPixels} allowed");
        var bitmap = SKBitmap.Decode(image, Info(header.Width, header.Height));
        return bitmap ?? throw new OcrEngineException(OcrFailure.UnreadableImage, "the image is corrupt or truncated");
    }

    /// <summary>The bitmap scaled to <paramref name="width"/> × <paramref name="height"/>, smoothly.</summary>
    public static SKBitmap Resized(SKBitmap bitmap, int width, int height) =>
        bitmap.Resize(Info(width, height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear))
        ?? throw new OcrEngineException(OcrFailure.EngineFailure, "Skia could not resize an image");
}
