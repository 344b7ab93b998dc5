namespace AkkaOcr.Ocr.PaddleOcr;

/// <summary>
/// Orders text regions as a page is read: top to bottom, and regions side by side on one row left to
/// right, joined into one line of text.
/// </summary>
internal static class ReadingOrder
{
    /// <summary>The indexes of <paramref name="regions"/> grouped into rows, top to bottom, each row left to right.</summary>
    public static List<List<int>> Rows(IReadOnlyList<TextQuad> regions)
    {
        var rows = new List<List<int>>();
        var (rowTop, rowBottom) = (0f, 0f);
        foreach (var i in Enumerable.Range(0, regions.Count).OrderBy(i => regions[i].MinY + regions[i].MaxY))
        {
            var region = regions[i];
            var middle = (region.MinY + region.MaxY) / 2;
            // A region whose middle lies within the current row's height continues that row.
            if (rows.Count > 0 && middle >= rowTop && middle <= rowBottom)
            {
                rows[^1].Add(i);
                continue;
            }
            rows.Add([i]);
            (rowTop, rowBottom) = (region.MinY, region.MaxY);
        }
        foreach (var row in rows)
            row.Sort((a, b) => regions[a].MinX.CompareTo(regions[b].MinX));
        return rows;
    }
}
