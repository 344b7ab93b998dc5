using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace AkkaOcr.Tests.Ocr;

/// <summary>
/// Small files built to make a decoder work without bound, sent through the real gateway to a real
/// ocr node in the same process: each is answered within seconds, and the node reads the next image.
/// The refusals must come from the gateway (its wording), before any worker sees the bytes.
/// </summary>
public sealed class OcrUploadBombTests : IAsyncLifetime
{
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(5);
    private OneWorkerOcrGateway _ocr = null!;

    private HttpClient Client => _ocr.Client;

    public async ValueTask InitializeAsync() => _ocr = await OneWorkerOcrGateway.StartAsync();

    public ValueTask DisposeAsync() => _ocr.DisposeAsync();

    [Fact]
    public async Task Bombs_get_422_from_the_gateway_within_seconds_and_a_multi_page_tiff_still_reads()
    {
        await AssertRefusedQuicklyAsync(HostileImages.Gif(screen: (1, 1), (7000, 7000)), "7000x7000 pixels; at most");
        await AssertRefusedQuicklyAsync(TestImages.AnimatedGif(), "multi-frame GIFs are not read; send one frame");
        await AssertRefusedQuicklyAsync(HostileImages.Tiff(true, Enumerable.Repeat((1, 1), 10_000).ToList()), "more than 500 directories");
        await AssertRefusedQuicklyAsync(HostileImages.Tiff(false, [(1, 1), (1, 1)], lastPointsBackTo: 0), "chain of directories loops");
        // libpng would fill the 100 rows and then inflate the remaining quarter gigabyte, beyond any deadline.
        await AssertRefusedQuicklyAsync(HostileImages.PngWithHugeIdat(100, 100, inflatedBytes: 1L << 28), "inflates to more than the rows");

        // Each repeated scan is another pass over every block of the image, in native code no deadline stops.
        await AssertRefusedQuicklyAsync(HostileImages.JpegWithScans(TestImages.ProgressiveJpeg(TestImages.Line(TestImages.Lines[0])), 500),
            "more than 100 scans");

        var first = TestImages.Lines[0];
        var response = await Client.PostAsync(TestImages.MultiPageTiff(first, TestImages.Lines[1], TestImages.Lines[2]));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        Assert.Equal([first, TestImages.Lines[1], TestImages.Lines[2]],
            JsonDocument.Parse(body).RootElement.GetProperty("ocr_text").GetString()!.Split('\f').Select(page => page.Trim()));
    }

    private async Task AssertRefusedQuicklyAsync(byte[] bomb, string detailContains)
    {
        var clock = Stopwatch.StartNew();
        var response = await Client.PostAsync(bomb);
        clock.Stop();

        await OcrApiTests.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, detailContains);
        Assert.True(clock.Elapsed < Quickly, $"the refusal took {clock.Elapsed}");
    }
}
