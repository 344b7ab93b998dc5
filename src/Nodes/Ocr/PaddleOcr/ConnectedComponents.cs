namespace AkkaOcr.Ocr.PaddleOcr;

/// <summary>
/// The 8-connected regions of a binary map, each given as the leftmost and rightmost pixel of every row it
/// spans: the points its convex hull is made of. Stands in for OpenCV's contours, which DBNet's
/// post-processing uses only for their hulls.
/// </summary>
internal static class ConnectedComponents
{
    /// <summary>Each region of set pixels in <paramref name="map"/> (<paramref name="width"/> wide), as the outline points of its rows.</summary>
    public static IEnumerable<List<PointF>> Outlines(bool[] map, int width, int height)
    {
        var visited = new bool[map.Length];
        var stack = new Stack<int>();
        var pixels = new List<int>();
        for (var start = 0; start < map.Length; start++)
        {
            if (!map[start] || visited[start])
                continue;
            pixels.Clear();
            visited[start] = true;
            stack.Push(start);
            while (stack.Count > 0)
            {
                var index = stack.Pop();
                pixels.Add(index);
                var (x, y) = (index % width, index / width);
                for (var dy = -1; dy <= 1; dy++)
                for (var dx = -1; dx <= 1; dx++)
                {
                    var (nx, ny) = (x + dx, y + dy);
                    if ((dx | dy) == 0 || nx < 0 || ny < 0 || nx >= width || ny >= height)
                        continue;
                    var neighbour = ny * width + nx;
                    if (map[neighbour] && !visited[neighbour])
                    {
                        visited[neighbour] = true;
                        stack.Push(neighbour);
                    }
                }
            }
            yield return RowExtremes(pixels, width);
        }
    }

    private static List<PointF> RowExtremes(List<int> pixels, int width)
    {
        var rows = new Dictionary<int, (int Min, int Max)>();
        foreach (var index in pixels)
        {
            var (x, y) = (index % width, index / width);
            rows[y] = rows.TryGetValue(y, out var row) ? (Math.Min(row.Min, x), Math.Max(row.Max, x)) : (x, x);
        }
        var outline = new List<PointF>(rows.Count * 2);
        foreach (var (y, (min, max)) in rows)
        {
            outline.Add(new PointF(min, y));
            if (max != min)
                outline.Add(new PointF(max, y));
        }
        return outline;
    }
}
