using System.Diagnostics;
using System.Net;
using AkkaOcr.ServiceDefaults.Cluster;
using AkkaOcr.Tests.Infrastructure;

namespace AkkaOcr.Tests.Ocr;

/// <summary>
/// One worker, no wait queue and a one-second deadline: what a client sees when the OCR pool is full
/// or a page takes too long.
/// </summary>
public sealed class OcrBackPressureTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);
    private TestDatabase _database = null!;
    private GatewayFactory _gateway = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateNewAsync();
        var settings = TestNode.SingleProcessSettings(_database.ConnectionString);
        settings["Akka:Roles:1"] = ClusterRoles.Ocr;
        settings["Ocr:Workers"] = "1";
        settings["Ocr:QueuePerWorker"] = "0";
        settings["Ocr:Timeout"] = Timeout.ToString();
        settings["RateLimits:PerClientPerMinute"] = "10000";
        _gateway = new GatewayFactory(settings);
        _client = await _gateway.CreateReadyClientAsync();
        _client.UseToken((await AccountFlow.SignUpAsync(_gateway, _client)).Token);
        await OcrApiTests.WaitForWorkersAsync(_client);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
        await _database.DisposeAsync();
    }

    private static byte[] HeavyPage() => TestImages.Page(TestImages.PageText(12), pointSize: 16);

    [Fact]
    public async Task A_page_past_the_deadline_gets_504_in_time_and_the_worker_reads_the_next_image()
    {
        var page = HeavyPage();
        var clock = Stopwatch.StartNew();
        var response = await _client.PostAsync(page);
        clock.Stop();

        await OcrApiTests.AssertProblemAsync(response, HttpStatusCode.GatewayTimeout, "not read within the time allowed");
        Assert.True(clock.Elapsed < Timeout + TimeSpan.FromSeconds(4), $"the 504 took {clock.Elapsed}");
        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync(TestImages.Line("Next please"))).StatusCode);
    }

    [Fact]
    public async Task With_every_worker_busy_and_no_queue_room_the_answer_is_429_at_once_with_retry_after()
    {
        var line = TestImages.Line("Me too");
        var busy = _client.PostAsync(HeavyPage());
        await Task.Delay(500);

        var clock = Stopwatch.StartNew();
        var refused = await _client.PostAsync(line);
        clock.Stop();

        await OcrApiTests.AssertProblemAsync(refused, HttpStatusCode.TooManyRequests, "busy");
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"the 429 took {clock.Elapsed}");
        Assert.Equal(HttpStatusCode.GatewayTimeout, (await busy).StatusCode);
    }
}
