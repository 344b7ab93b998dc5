namespace AkkaOcr.Ocr.PaddleOcr;

/// <summary>Andrew's monotone chain: the convex hull of a set of points, in order around it.</summary>
internal static class ConvexHull
{
    /// <summary>The hull of <paramref name="points"/> (sorted in place); collinear points on its edges are left out.</summary>
    public static List<PointF> Of(List<PointF> points)
    {
        points.Sort((a, b) => a.X != b.X ? a.X.CompareTo(b.X) : a.Y.CompareTo(b.Y));
        if (points.Count < 3)
            return [.. points];
        var hull = new List<PointF>(points.Count + 1);
        foreach (var point in points)
            AddTurningLeft(hull, point, 0);
        var lowerCount = hull.Count;
        for (var i = points.Count - 2; i >= 0; i--)
            AddTurningLeft(hull, points[i], lowerCount - 1);
        // The last point closes the hull: it is the first again.
        hull.RemoveAt(hull.Count - 1);
        return hull;
    }

    private static void AddTurningLeft(List<PointF> hull, PointF point, int floor)
    {
        while (hull.Count >= floor + 2 && PointF.Cross(hull[^2], hull[^1], point) <= 0)
            hull.RemoveAt(hull.Count - 1);
        hull.Add(point);
    }
}
