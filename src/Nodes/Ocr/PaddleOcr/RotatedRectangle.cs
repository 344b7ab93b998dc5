namespace AkkaOcr.Ocr.PaddleOcr;

/// <summary>
/// A rectangle at any angle: its centre, the unit direction of its first side, and the half lengths of its
/// two sides. What OpenCV's <c>minAreaRect</c> gives DBNet's post-processing, written out for the few uses here.
/// </summary>
internal readonly record struct RotatedRectangle(PointF Center, PointF Axis, float HalfLength, float HalfWidth)
{
    public float ShortSide => 2 * Math.Min(HalfLength, HalfWidth);

    public float Area => 4 * HalfLength * HalfWidth;

    public float Perimeter => 4 * (HalfLength + HalfWidth);

    public void Corners(Span<PointF> corners)
    {
        var (ux, uy) = (Axis.X * HalfLength, Axis.Y * HalfLength);
        // The second side is the first turned a quarter.
        var (vx, vy) = (-Axis.Y * HalfWidth, Axis.X * HalfWidth);
        corners[0] = new PointF(Center.X - ux - vx, Center.Y - uy - vy);
        corners[1] = new PointF(Center.X + ux - vx, Center.Y + uy - vy);
        corners[2] = new PointF(Center.X + ux + vx, Center.Y + uy + vy);
        corners[3] = new PointF(Center.X - ux + vx, Center.Y - uy + vy);
    }

    /// <summary>
    /// The rectangle pushed out by <paramref name="distance"/> on every side. DBNet's maps shrink each text
    /// region when trained; growing it back by area × ratio / perimeter (the Vatti offset PaddleOCR takes
    /// from pyclipper) restores it. For a rectangle the offset polygon's bounding rectangle is this one.
    /// </summary>
    public RotatedRectangle Grown(float distance) => this with { HalfLength = HalfLength + distance, HalfWidth = HalfWidth + distance };

    /// <summary>
    /// The rectangle of least area around a convex hull: one of its sides lies on an edge of the hull
    /// (rotating calipers), so each edge is tried. Null for fewer than three points: nothing with an area.
    /// </summary>
    public static RotatedRectangle? AroundHull(IReadOnlyList<PointF> hull)
    {
        if (hull.Count < 3)
            return null;
        RotatedRectangle? best = null;
        var bestArea = float.MaxValue;
        for (var i = 0; i < hull.Count; i++)
        {
            var from = hull[i];
            var to = hull[(i + 1) % hull.Count];
            var length = from.DistanceTo(to);
            if (length < 1e-6f)
                continue;
            var axis = new PointF((to.X - from.X) / length, (to.Y - from.Y) / length);
            float minU = float.MaxValue, maxU = float.MinValue, minV = float.MaxValue, maxV = float.MinValue;
            foreach (var p in hull)
            {
                var (dx, dy) = (p.X - from.X, p.Y - from.Y);
                var u = dx * axis.X + dy * axis.Y;
                var v = -dx * axis.Y + dy * axis.X;
                minU = Math.Min(minU, u);
                maxU = Math.Max(maxU, u);
                minV = Math.Min(minV, v);
                maxV = Math.Max(maxV, v);
            }
            var area = (maxU - minU) * (maxV - minV);
            if (area >= bestArea)
                continue;
            bestArea = area;
            var (cu, cv) = ((minU + maxU) / 2, (minV + maxV) / 2);
            var center = new PointF(from.X + cu * axis.X - cv * axis.Y, from.Y + cu * axis.Y + cv * axis.X);
            best = new RotatedRectangle(center, axis, (maxU - minU) / 2, (maxV - minV) / 2);
        }
        return best;
    }
}
