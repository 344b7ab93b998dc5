using SkiaSharp;

namespace AkkaOcr.Ocr.PaddleOcr;

/// <summary>PP-OCRv4's DBNet detector: where the page has text, as regions in the page's pixels.</summary>
internal sealed class TextDetector(OnnxModel model)
{
    /// <summary>
    /// The longest side the detector sees; a larger page is scaled down to it, as PaddleOCR's
    /// <c>det_limit_side_len</c> does. Detection finds lines, not letters, so this costs little accuracy.
    /// </summary>
    private const int MaxSide = 960;

    /// <summary>DBNet halves its input five times: each side is a multiple of this.</summary>
    private const int Stride = 32;

    public List<TextQuad> Detect(SKBitmap page, StageDeadline deadline)
    {
        var scale = Math.Min(1f, (float)MaxSide / Math.Max(page.Width, page.Height));
        var width = StrideMultiple(page.Width * scale);
        var height = StrideMultiple(page.Height * scale);
        var input = new float[3 * width * height];
        using (var resized = SkiaImage.Resized(page, width, height))
            TensorImage.Detection.Write(resized, input, width);
        return model.Run(input, [1, 3, height, width], deadline, "while detecting text",
            (map, shape) => DbPostProcessor.Regions(map, (int)shape[3], (int)shape[2], page.Width, page.Height));
    }

    private static int StrideMultiple(float side) => Math.Max(Stride, (int)MathF.Round(side / Stride) * Stride);
}
