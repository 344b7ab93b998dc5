namespace AkkaOcr.Ocr.PaddleOcr;

/// <summary>
/// Turns DBNet's text probability map into text regions, as PaddleOCR's <c>DBPostProcess</c> does with its
/// defaults for PP-OCRv4: threshold the map, take each connected region's minimum-area rectangle, keep it when
/// the map is confident over it, and grow it back to the text's full extent.
/// </summary>
internal static class DbPostProcessor
{
    /// <summary>A pixel is text where the probability passes this.</summary>
    private const float PixelThreshold = 0.3f;

    /// <summary>A region is kept when the mean probability inside its rectangle passes this.</summary>
    private const float BoxThreshold = 0.6f;

    /// <summary>How far a region is grown back: area × ratio / perimeter.</summary>
    private const float UnclipRatio = 1.5f;

    /// <summary>The shortest side, in map pixels, of a region worth reading (before it is grown; two more after).</summary>
    private const float MinSide = 3;

    /// <summary>Regions beyond this many are not looked at: a page of noise must not cost unbounded time.</summary>
    private const int MaxCandidates = 1000;

    /// <summary>
    /// The text regions of a <paramref name="width"/> × <paramref name="height"/> probability map, in the
    /// coordinates of the image it was computed from (<paramref name="imageWidth"/> × <paramref name="imageHeight"/>).
    /// </summary>
    public static List<TextQuad> Regions(ReadOnlySpan<float> probabilities, int width, int height, int imageWidth, int imageHeight)
    {
        var map = new bool[width * height];
        for (var i = 0; i < map.Length; i++)
            map[i] = probabilities[i] > PixelThreshold;
        var (scaleX, scaleY) = ((float)imageWidth / width, (float)imageHeight / height);
        var regions = new List<TextQuad>();
        Span<PointF> corners = stackalloc PointF[4];
        var candidates = 0;
        foreach (var outline in ConnectedComponents.Outlines(map, width, height))
        {
            if (++candidates > MaxCandidates)
                break;
            if (RotatedRectangle.AroundHull(ConvexHull.Of(outline)) is not { } rectangle || rectangle.ShortSide < MinSide)
                continue;
            rectangle.Corners(corners);
            if (MeanInside(probabilities, width, height, TextQuad.FromCorners(corners)) < BoxThreshold)
                continue;
            var grown = rectangle.Grown(rectangle.Area * UnclipRatio / rectangle.Perimeter);
            if (grown.ShortSide < MinSide + 2)
                continue;
            grown.Corners(corners);
            var region = TextQuad.FromCorners(corners).ScaledWithin(scaleX, scaleY, imageWidth, imageHeight);
            if (region.TopLeft.DistanceTo(region.TopRight) > 3 && region.TopLeft.DistanceTo(region.BottomLeft) > 3)
                regions.Add(region);
        }
        return regions;
    }

    /// <summary>The mean probability over the map pixels whose centres lie inside the (convex) quad.</summary>
    private static float MeanInside(ReadOnlySpan<float> probabilities, int width, int height, TextQuad quad)
    {
        var (left, right) = ((int)Math.Max(0, MathF.Floor(quad.MinX)), (int)Math.Min(width - 1, MathF.Ceiling(quad.MaxX)));
        var (top, bottom) = ((int)Math.Max(0, MathF.Floor(quad.MinY)), (int)Math.Min(height - 1, MathF.Ceiling(quad.MaxY)));
        double sum = 0;
        var count = 0;
        for (var y = top; y <= bottom; y++)
        for (var x = left; x <= right; x++)
        {
            if (!Contains(quad, new PointF(x, y)))
                continue;
            sum += probabilities[y * width + x];
            count++;
        }
        return count == 0 ? 0 : (float)(sum / count);
    }

    /// <summary>Inside or on the edge of a convex quad: the point is on the same side of all four edges.</summary>
    private static bool Contains(TextQuad quad, PointF point)
    {
        var a = PointF.Cross(quad.TopLeft, quad.TopRight, point);
        var b = PointF.Cross(quad.TopRight, quad.BottomRight, point);
        var c = PointF.Cross(quad.BottomRight, quad.BottomLeft, point);
        var d = PointF.Cross(quad.BottomLeft, quad.TopLeft, point);
        const float edge = 1e-3f;
        return (a >= -edge && b >= -edge && c >= -edge && d >= -edge) || (a <= edge && b <= edge && c <= edge && d <= edge);
    }
}
