using System.Diagnostics;
using System.Globalization;
using System.Text;
using AkkaOcr.Documents.Tools;

namespace AkkaOcr.Tests.Documents;

/// <summary>A page is rasterized at the resolution asked for, a scan at its own resolution, and no page past the pixel budget.</summary>
public sealed class PageRasterizerTests : IDisposable
{
    private static readonly RasterOptions At300 = new(300, 50_000_000);

    private readonly ScratchDirectory scratch = new();

    public void Dispose() => scratch.Dispose();

    [Fact]
    public async Task A_vector_page_is_rasterized_at_the_requested_resolution()
    {
        var page = await Rasterize(TestDocuments.TextPdf("Vector text."), At300);

        Assert.Equal(300, page.Dpi);
        AssertNear(400 * 300 / 72.0, page.Width);
        AssertNear(300 * 300 / 72.0, page.Height);
        Assert.Equal(RasterImageFormat.Tiff, page.Format);
        Assert.Equal((page.Width, page.Height), IdentifiedSize(page.Image));
    }

    [Fact]
    public async Task A_page_for_a_browser_is_a_png()
    {
        var page = await Rasterize(TestDocuments.TextPdf("Shown in a browser."), At300 with { Dpi = 100, Format = RasterImageFormat.Png });

        Assert.Equal(RasterImageFormat.Png, page.Format);
        Assert.Equal((page.Width, page.Height), PngSize(page.Image));
        Assert.Equal((page.Width, page.Height), IdentifiedSize(page.Image));
    }

    [Fact]
    public async Task A_scan_at_its_own_resolution_is_not_resampled()
    {
        var scan = TestDocuments.ScannedPage("Scanned at three hundred.", 300);

        var page = await Rasterize(TestDocuments.ScannedPdf(300, "Scanned at three hundred."), At300);

        Assert.Equal(300, page.Dpi);
        Assert.Equal(PngSize(scan), (page.Width, page.Height));
    }

    [Fact]
    public async Task A_coarser_scan_is_rasterized_at_its_own_resolution_not_upsampled()
    {
        var scan = TestDocuments.ScannedPage("Scanned at two hundred.", 200);

        var page = await Rasterize(TestDocuments.ScannedPdf(200, "Scanned at two hundred."), At300);

        Assert.Equal(200, page.Dpi);
        Assert.Equal(PngSize(scan), (page.Width, page.Height));
    }

    [Fact]
    public async Task A_very_coarse_scan_is_still_upsampled_to_150_dpi()
    {
        var page = await Rasterize(TestDocuments.ScannedPdf(100, "Scanned at one hundred."), At300);

        Assert.Equal(PageRasterizer.MinimumScanDpi, page.Dpi);
    }

    [Fact]
    public async Task The_resolution_is_lowered_until_the_page_fits_the_pixel_budget()
    {
        var page = await Rasterize(TestDocuments.TextPdf("Large page, small budget."), new RasterOptions(300, 100_000));

        Assert.InRange(page.Dpi, 60, 65);
        Assert.True((long)page.Width * page.Height <= 100_000, $"{page.Width}x{page.Height}");
    }

    [Fact]
    public void A_small_low_resolution_logo_on_a_vector_page_does_not_lower_the_resolution()
    {
        var letter = new PdfPageSize(612, 792);

        Assert.Equal(300, PageRasterizer.ChooseDpi(At300, letter, [new PageImage(144, 72, 72, 72)]));
        Assert.Equal(200, PageRasterizer.ChooseDpi(At300, letter, [new PageImage(1700, 2200, 200, 200)]));
    }

    [Fact]
    public async Task A_page_that_renders_forever_is_killed_at_the_deadline()
    {
        var limits = ToolLimits.Default with { Timeout = TimeSpan.FromSeconds(2) };
        var path = Save(TestDocuments.SlowPdf());
        var clock = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<DocumentToolException>(() =>
            PageRasterizer.RasterizeAsync(path, 1, new RasterOptions(72, 50_000_000), limits, CancellationToken.None));

        Assert.Equal(DocumentToolFailure.TimedOut, failure.Failure);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_page_past_the_end_is_a_failure()
    {
        var path = Save(TestDocuments.TextPdf("Only page."));

        await Assert.ThrowsAsync<DocumentToolException>(() =>
            PageRasterizer.RasterizeAsync(path, 2, At300, ToolLimits.Default, CancellationToken.None));
    }

    private async Task<RasterizedPage> Rasterize(byte[] pdf, RasterOptions options) =>
        await PageRasterizer.RasterizeAsync(Save(pdf), 1, options, ToolLimits.Default, CancellationToken.None);

    private string Save(byte[] pdf)
    {
        var path = scratch.File($"{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, pdf);
        return path;
    }

    private static (int Width, int Height) PngSize(byte[] png) =>
        (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));

    /// <summary>The size ImageMagick reads from the image, to check the rasterizer's own header reading.</summary>
    private (int Width, int Height) IdentifiedSize(byte[] image)
    {
        var path = scratch.File($"{Guid.NewGuid():N}.img");
        File.WriteAllBytes(path, image);
        var size = Encoding.UTF8.GetString(TestDocuments.Run("identify", ["-format", "%w %h", path])).Split(' ');
        return (int.Parse(size[0], CultureInfo.InvariantCulture), int.Parse(size[1], CultureInfo.InvariantCulture));
    }

    private static void AssertNear(double expected, int actual) => Assert.InRange(actual, expected - 1, expected + 1);
}
