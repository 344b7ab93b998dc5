using AkkaOcr.Ocr.PaddleOcr;

namespace AkkaOcr.Tests.Ocr.PaddleOcr;

/// <summary>The hand-written geometry of DBNet's post-processing against shapes whose answer is known.</summary>
public sealed class PaddleOcrGeometryTests
{
    [Fact]
    public void The_hull_of_a_filled_square_is_its_four_corners()
    {
        var points = new List<PointF>();
        for (var x = 0; x <= 10; x++)
        for (var y = 0; y <= 10; y++)
            points.Add(new PointF(x, y));

        var hull = ConvexHull.Of(points);

        Assert.Equal(4, hull.Count);
        Assert.Equivalent(new[] { new PointF(0, 0), new PointF(10, 0), new PointF(10, 10), new PointF(0, 10) }, hull);
    }

    [Fact]
    public void The_minimum_area_rectangle_of_a_turned_rectangle_is_that_rectangle()
    {
        // A 40 x 10 rectangle turned by 30 degrees about (100, 100).
        var (cos, sin) = (MathF.Cos(MathF.PI / 6), MathF.Sin(MathF.PI / 6));
        PointF Turned(float u, float v) => new(100 + u * cos - v * sin, 100 + u * sin + v * cos);
        var corners = new List<PointF> { Turned(-20, -5), Turned(20, -5), Turned(20, 5), Turned(-20, 5) };

        var rectangle = RotatedRectangle.AroundHull(ConvexHull.Of(corners))!.Value;

        Assert.Equal(400, rectangle.Area, 0.5f);
        Assert.Equal(10, rectangle.ShortSide, 0.01f);
        Assert.Equal(100, rectangle.Center.X, 0.01f);
        Assert.Equal(100, rectangle.Center.Y, 0.01f);
    }

    [Fact]
    public void Growing_a_rectangle_pushes_every_side_out_by_the_distance()
    {
        var rectangle = new RotatedRectangle(new PointF(50, 20), new PointF(1, 0), HalfLength: 40, HalfWidth: 5);

        var grown = rectangle.Grown(rectangle.Area * 1.5f / rectangle.Perimeter);

        // 80 x 10: area 800, perimeter 180, so each side moves out by 800 * 1.5 / 180 = 6.67.
        Assert.Equal(10 + 2 * 800 * 1.5f / 180, grown.ShortSide, 0.01f);
        Assert.Equal(grown.Center, rectangle.Center);
    }

    [Fact]
    public void A_text_line_on_the_probability_map_becomes_one_region_around_it()
    {
        // A map of 200 x 60 with a confident band 100 x 10 (what DBNet gives for a shrunk text line).
        var (width, height) = (200, 60);
        var map = new float[width * height];
        for (var y = 25; y < 35; y++)
        for (var x = 50; x < 150; x++)
            map[y * width + x] = 0.9f;

        // The image was twice the map's size.
        var region = Assert.Single(DbPostProcessor.Regions(map, width, height, 2 * width, 2 * height));

        // The pixel centres span 99 x 9, grown by 891 * 1.5 / 216 = 6.2 map pixels on each side, then doubled.
        Assert.InRange(region.MinX, 2 * (50 - 7.5f), 2 * (50 - 6f));
        Assert.InRange(region.MaxX, 2 * (149 + 6f), 2 * (149 + 7.5f));
        Assert.InRange(region.MinY, 2 * (25 - 7.5f), 2 * (25 - 6f));
        Assert.InRange(region.MaxY, 2 * (34 + 6f), 2 * (34 + 7.5f));
        Assert.True(region.TopLeft.X < region.TopRight.X && region.TopLeft.Y < region.BottomLeft.Y, $"{region} is not in reading order");
    }

    [Fact]
    public void Faint_regions_and_specks_are_not_text()
    {
        var (width, height) = (100, 40);
        var map = new float[width * height];
        // Above the pixel threshold (0.3) but under the box threshold (0.6).
        for (var y = 5; y < 15; y++)
        for (var x = 10; x < 60; x++)
            map[y * width + x] = 0.4f;
        // Confident, but two pixels high.
        for (var x = 10; x < 60; x++)
            map[30 * width + x] = map[31 * width + x] = 0.95f;

        Assert.Empty(DbPostProcessor.Regions(map, width, height, width, height));
    }

    [Fact]
    public void Regions_side_by_side_make_one_row_and_rows_run_top_to_bottom()
    {
        static TextQuad Box(float left, float top, float right, float bottom) =>
            new(new PointF(left, top), new PointF(right, top), new PointF(right, bottom), new PointF(left, bottom));
        TextQuad[] regions = [Box(300, 52, 500, 80), Box(10, 100, 200, 130), Box(10, 50, 200, 78)];

        Assert.Equal([[2, 0], [1]], ReadingOrder.Rows(regions));
    }
}
