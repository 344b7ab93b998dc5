namespace AkkaOcr.Ocr.PaddleOcr;

/// <summary>
/// A text region as four corners in image pixels, in reading order of the text inside it: the top edge runs
/// from <see cref="TopLeft"/> to <see cref="TopRight"/> along the line, the bottom edge from
/// <see cref="BottomLeft"/> to <see cref="BottomRight"/>. Turning the text turns the order, not the points.
/// </summary>
internal readonly record struct TextQuad(PointF TopLeft, PointF TopRight, PointF BottomRight, PointF BottomLeft)
{
    public float Width => Math.Max(TopLeft.DistanceTo(TopRight), BottomLeft.DistanceTo(BottomRight));

    public float Height => Math.Max(TopLeft.DistanceTo(BottomLeft), TopRight.DistanceTo(BottomRight));

    public float MinX => Math.Min(Math.Min(TopLeft.X, TopRight.X), Math.Min(BottomRight.X, BottomLeft.X));

    public float MaxX => Math.Max(Math.Max(TopLeft.X, TopRight.X), Math.Max(BottomRight.X, BottomLeft.X));

    public float MinY => Math.Min(Math.Min(TopLeft.Y, TopRight.Y), Math.Min(BottomRight.Y, BottomLeft.Y));

    public float MaxY => Math.Max(Math.Max(TopLeft.Y, TopRight.Y), Math.Max(BottomRight.Y, BottomLeft.Y));

    // Methods, not properties: a record prints its properties, and a quad's turned quad has one too, without end.

    /// <summary>The same region read a quarter turn further: text running top to bottom is read left to right.</summary>
    public TextQuad QuarterTurned() => new(TopRight, BottomRight, BottomLeft, TopLeft);

    /// <summary>The same region read upside down.</summary>
    public TextQuad HalfTurned() => new(BottomRight, BottomLeft, TopLeft, TopRight);

    /// <summary>
    /// Four corners of a rectangle in any order, ordered as PaddleOCR orders them: the two leftmost make the
    /// left edge, the higher of each pair is its top.
    /// </summary>
    public static TextQuad FromCorners(ReadOnlySpan<PointF> corners)
    {
        Span<PointF> sorted = [corners[0], corners[1], corners[2], corners[3]];
        sorted.Sort((a, b) => a.X.CompareTo(b.X));
        var (topLeft, bottomLeft) = sorted[0].Y <= sorted[1].Y ? (sorted[0], sorted[1]) : (sorted[1], sorted[0]);
        var (topRight, bottomRight) = sorted[2].Y <= sorted[3].Y ? (sorted[2], sorted[3]) : (sorted[3], sorted[2]);
        return new TextQuad(topLeft, topRight, bottomRight, bottomLeft);
    }

    /// <summary>The quad with every corner scaled and held within an image of <paramref name="width"/> by <paramref name="height"/>.</summary>
    public TextQuad ScaledWithin(float scaleX, float scaleY, int width, int height)
    {
        PointF Map(PointF p) => new(Math.Clamp(p.X * scaleX, 0, width - 1), Math.Clamp(p.Y * scaleY, 0, height - 1));
        return new TextQuad(Map(TopLeft), Map(TopRight), Map(BottomRight), Map(BottomLeft));
    }

    /// <summary>
    /// The upright box of the stretch of the line between <paramref name="from"/> and <paramref name="to"/>,
    /// fractions of its length from the start of the text: where a word of the line lies.
    /// </summary>
    public (int Left, int Top, int Width, int Height) SpanBox(float from, float to)
    {
        var a = PointF.Lerp(TopLeft, TopRight, from);
        var b = PointF.Lerp(TopLeft, TopRight, to);
        var c = PointF.Lerp(BottomLeft, BottomRight, from);
        var d = PointF.Lerp(BottomLeft, BottomRight, to);
        var left = (int)MathF.Floor(Math.Min(Math.Min(a.X, b.X), Math.Min(c.X, d.X)));
        var top = (int)MathF.Floor(Math.Min(Math.Min(a.Y, b.Y), Math.Min(c.Y, d.Y)));
        var right = (int)MathF.Ceiling(Math.Max(Math.Max(a.X, b.X), Math.Max(c.X, d.X)));
        var bottom = (int)MathF.Ceiling(Math.Max(Math.Max(a.Y, b.Y), Math.Max(c.Y, d.Y)));
        return (left, top, Math.Max(1, right - left), Math.Max(1, bottom - top));
    }
}
