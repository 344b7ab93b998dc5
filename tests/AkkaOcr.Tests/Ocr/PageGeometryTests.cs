using AkkaOcr.Ocr.Tesseract;

namespace AkkaOcr.Tests.Ocr;

/// <summary>Boxes on the image read, mapped back onto the image as sent (a 100 by 40 image in every case).</summary>
public sealed class PageGeometryTests
{
    [Theory]
    // A box near the sent image's top left corner, (10, 5) to (30, 15), as it lies after each clockwise turn.
    [InlineData(0, 10, 5, 30, 15)]
    [InlineData(1, 25, 10, 35, 30)]
    [InlineData(2, 70, 25, 90, 35)]
    [InlineData(3, 5, 70, 15, 90)]
    public void A_box_on_the_upright_image_maps_back_to_where_it_was_sent(int quarterTurns, int left, int top, int right, int bottom)
    {
        var geometry = new PageGeometry(100, 40, quarterTurns, 0);

        Assert.Equal((10, 5, 30, 15), geometry.ToSent(left, top, right, bottom));
        Assert.Equal(quarterTurns % 2 == 0 ? (100, 40) : (40, 100), (geometry.Width, geometry.Height));
    }

    [Fact]
    public void A_box_on_the_straightened_image_maps_back_around_the_turned_box()
    {
        // The centre stays; a box at the centre turned by 90 degrees swaps its sides.
        var geometry = new PageGeometry(100, 100, 0, 90);

        Assert.Equal((45, 40, 55, 60), geometry.ToSent(40, 45, 60, 55));
        Assert.Equal((0, 0, 100, 100), geometry.ToSent(-10, -10, 200, 200));
    }
}
