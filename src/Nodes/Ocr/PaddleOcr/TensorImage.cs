using SkiaSharp;

namespace AkkaOcr.Ocr.PaddleOcr;

/// <summary>
/// Writes a bitmap into a model's input as PaddleOCR feeds it: planes of blue, green and red (OpenCV's
/// order, which the models learned), each value scaled to 0–1, less a mean, over a standard deviation.
/// </summary>
internal readonly record struct TensorImage(float[] Mean, float[] Deviation)
{
    /// <summary>The detector's normalization: ImageNet's mean and deviation, applied to B, G, R in that order as PaddleOCR does.</summary>
    public static readonly TensorImage Detection = new([0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f]);

    /// <summary>The classifier's and recognizer's: every channel to −1…1.</summary>
    public static readonly TensorImage Recognition = new([0.5f, 0.5f, 0.5f], [0.5f, 0.5f, 0.5f]);

    /// <summary>
    /// Writes <paramref name="bitmap"/> at the left of one image's slot in a batch, <paramref name="slotWidth"/>
    /// wide and the bitmap's height; the slot's columns right of the bitmap keep what they hold (zeros, padding).
    /// </summary>
    public void Write(SKBitmap bitmap, Span<float> slot, int slotWidth)
    {
        var (width, height) = (bitmap.Width, bitmap.Height);
        var plane = slotWidth * height;
        var pixels = bitmap.GetPixelSpan();
        var rowBytes = bitmap.RowBytes;
        Span<float> scale = [1 / (255f * Deviation[0]), 1 / (255f * Deviation[1]), 1 / (255f * Deviation[2])];
        Span<float> offset = [Mean[0] / Deviation[0], Mean[1] / Deviation[1], Mean[2] / Deviation[2]];
        for (var y = 0; y < height; y++)
        {
            var row = pixels.Slice(y * rowBytes, width * 4);
            var target = y * slotWidth;
            for (var x = 0; x < width; x++)
            {
                // Premultiplied: over white, each channel gains what the pixel's alpha leaves uncovered.
                var background = 255 - row[x * 4 + 3];
                for (var channel = 0; channel < 3; channel++)
                    slot[channel * plane + target + x] = (row[x * 4 + channel] + background) * scale[channel] - offset[channel];
            }
        }
    }
}
