using System.Diagnostics;
using System.Net;

namespace AkkaOcr.Tests.Ocr;

/// <summary>
/// One worker, no wait queue and a one-second deadline: what a client sees when the OCR pool is full
/// or a page takes too long.
/// </summary>
public sealed class OcrBackPressureTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);
    private OneWorkerOcrGateway _ocr = null!;

    private HttpClient Client => _ocr.Client;

    public async ValueTask InitializeAsync() => _ocr = await OneWorkerOcrGateway.StartAsync(("QueuePerWorker", "0"), ("Timeout", Timeout.ToString()));

    public ValueTask DisposeAsync() => _ocr.DisposeAsync();

    private static byte[] HeavyPage() => TestImages.Page(TestImages.PageText(12), pointSize: 16);

    [Fact]
    public async Task A_page_past_the_deadline_gets_504_in_time_and_the_worker_reads_the_next_image()
    {
        var page = HeavyPage();
        var clock = Stopwatch.StartNew();
        var response = await Client.PostAsync(page);
        clock.Stop();

        await OcrApiTests.AssertProblemAsync(response, HttpStatusCode.GatewayTimeout, "not read within the time allowed");
        Assert.True(clock.Elapsed < Timeout + TimeSpan.FromSeconds(4), $"the 504 took {clock.Elapsed}");
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsync(TestImages.Line("Next please"))).StatusCode);
    }

    [Fact]
    public async Task With_every_worker_busy_and_no_queue_room_the_answer_is_429_at_once_with_retry_after()
    {
        var line = TestImages.Line("Me too");
        var busy = Client.PostAsync(HeavyPage());
        await Task.Delay(500);

        var clock = Stopwatch.StartNew();
        var refused = await Client.PostAsync(line);
        clock.Stop();

        await OcrApiTests.AssertProblemAsync(refused, HttpStatusCode.TooManyRequests, "busy");
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"the 429 took {clock.Elapsed}");
        Assert.Equal(HttpStatusCode.GatewayTimeout, (await busy).StatusCode);
    }
}
