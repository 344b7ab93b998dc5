using AkkaOcr.Messages.Ocr;
using SkiaSharp;

namespace AkkaOcr.Ocr.PaddleOcr;

/// <summary>Cuts a text region out of the page, turned so that its text runs left to right, upright.</summary>
internal static class LineCrop
{
    /// <summary>
    /// The region <paramref name="quad"/> of <paramref name="page"/> as a bitmap of its own size: its top-left
    /// corner at (0, 0), its top edge along the x axis. The regions are rectangles, so one affine map is exact.
    /// </summary>
    public static SKBitmap Cut(SKBitmap page, TextQuad quad)
    {
        var width = Math.Max(1, (int)MathF.Round(quad.Width));
        var height = Math.Max(1, (int)MathF.Round(quad.Height));
        var crop = new SKBitmap(SkiaImage.Info(width, height));
        try
        {
            // The map from the crop to the page: its x axis along the top edge, its y axis down the left edge.
            var (o, right, down) = (quad.TopLeft, quad.TopRight, quad.BottomLeft);
            var toPage = new SKMatrix(
                (right.X - o.X) / width, (down.X - o.X) / height, o.X,
                (right.Y - o.Y) / width, (down.Y - o.Y) / height, o.Y,
                0, 0, 1);
            if (!toPage.TryInvert(out var toCrop))
                throw new OcrEngineException(OcrFailure.EngineFailure, "a text region has no area");
            using var canvas = new SKCanvas(crop);
            canvas.Clear(SKColors.White);
            canvas.SetMatrix(toCrop);
            canvas.DrawBitmap(page, 0, 0, new SKSamplingOptions(SKFilterMode.Linear), null);
            canvas.Flush();
            return crop;
        }
        catch
        {
            crop.Dispose();
            throw;
        }
    }
}
