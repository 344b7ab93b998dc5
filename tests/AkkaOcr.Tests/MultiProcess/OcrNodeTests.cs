using System.Diagnostics;
using System.Net;
using AkkaOcr.LoadDriver;
using AkkaOcr.ServiceDefaults.Cluster;
using AkkaOcr.Tests.Infrastructure;
using AkkaOcr.Tests.Ocr;

namespace AkkaOcr.Tests.MultiProcess;

/// <summary>OCR capacity that grows with a new node, and survives one stopped or killed mid-request, with real processes.</summary>
[Collection(nameof(MultiProcessCluster))]
public sealed class OcrNodeTests(ITestOutputHelper output)
{
    /// <summary>One worker per ocr node, so which node reads what is predictable; the default deadline.</summary>
    private static ClusterHarness CreateCluster(ClusterEnvironment environment) =>
        new(new Dictionary<string, string>(environment.Variables) { ["Ocr__Workers"] = "1" });

    [Fact]
    public async Task An_ocr_node_killed_mid_request_costs_that_request_a_prompt_503_and_the_other_node_keeps_serving()
    {
        await using var environment = await ClusterEnvironment.CreateAsync();
        await using var cluster = CreateCluster(environment);
        await cluster.ExplainFailuresAsync(async () =>
        {
            var nodes = await StartWithTwoOcrNodesAsync(cluster);
            var (ocr1, ocr2, gateway) = (nodes[1], nodes[2], nodes[3]);
            using var http = await SignedInClient.CreateAsync(gateway.Spec.BaseAddress, new SmtpOtpSource(environment.Smtp), TimeSpan.FromSeconds(60));
            await UntilBothNodesReadAsync(http);

            var page = TestImages.Page(TestImages.PageText(8), pointSize: 18);
            var cpuBefore = ProcessCpu.Seconds(ocr1.Pid);
            var clock = Stopwatch.StartNew();
            // Two pages at once: the router puts one on each node's only worker.
            var requests = new[] { http.PostAsync(page), http.PostAsync(page) };
            await Eventually.MatchesAsync(() => Task.FromResult(ProcessCpu.Seconds(ocr1.Pid) - cpuBefore), cpu => cpu > 0.5,
                TimeSpan.FromSeconds(20), "ocr-1 busy with its page");
            await ocr1.KillAsync();
            var answers = await Task.WhenAll(requests);
            clock.Stop();

            var statuses = answers.Select(answer => answer.StatusCode).Order().ToList();
            output.WriteLine($"answers {string.Join(", ", statuses.Select(s => (int)s))} after {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.Contains(HttpStatusCode.OK, statuses);
            var lost = Assert.Single(answers, answer => answer.StatusCode != HttpStatusCode.OK);
            Assert.True(lost.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout,
                $"the request on the killed node got {(int)lost.StatusCode}: {await lost.Content.ReadAsStringAsync()}");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"answers took {clock.Elapsed}, past the 30 s OCR deadline");

            // The survivor's worker is not stuck: it reads the next images, also several queued at once.
            var after = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => http.PostAsync(TestImages.Line($"Still here {i}"))));
            Assert.All(after, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
            Assert.False(ocr2.HasExited);
        });
    }

    [Fact]
    public async Task A_second_ocr_node_added_under_load_gets_work_within_ten_seconds_and_no_request_fails()
    {
        await using var environment = await ClusterEnvironment.CreateAsync();
        await using var cluster = CreateCluster(environment);
        await cluster.ExplainFailuresAsync(async () =>
        {
            var nodes = await cluster.StartAllReadyAsync(
                ClusterHarness.Node("users-1", ClusterRoles.Users, ClusterRoles.Notifier),
                ClusterHarness.Node("ocr-1", ClusterRoles.Ocr),
                ClusterHarness.Gateway("gateway"));
            var gateway = nodes[2].Spec.BaseAddress;
            await WarmUp.UntilWritesAnswerAsync(gateway, TimeSpan.FromSeconds(90));

            await using var load = StartUploadLoad(gateway, environment);
            await load.WaitForRequestsAsync(30, TimeSpan.FromSeconds(90));

            var ocr2 = await cluster.StartReadyAsync(ClusterHarness.Node("ocr-2", ClusterRoles.Ocr));
            var joined = Stopwatch.StartNew();
            var cpuAtJoin = ProcessCpu.Seconds(ocr2.Pid);
            await Eventually.MatchesAsync(() => Task.FromResult(ProcessCpu.Seconds(ocr2.Pid) - cpuAtJoin), cpu => cpu > 2,
                TimeSpan.FromSeconds(10), "ocr-2 reading images (2 s of CPU)");
            output.WriteLine($"ocr-2 had read images for 2 s of CPU {joined.Elapsed.TotalSeconds:0.0} s after it was ready");
            await load.WaitForRequestsAsync(load.Log.Count + 20, TimeSpan.FromSeconds(90));
            await load.StopAsync(TimeSpan.FromSeconds(90));

            var uploads = load.Log.Records.Count(record => record.Operation == OcrUploadFlow.Upload);
            output.WriteLine($"{load.Log.Count} requests, {uploads} uploads{Environment.NewLine}{load.Log.Summary()}");
            Assert.True(uploads >= 20, $"only {uploads} uploads{Environment.NewLine}{load.Log.Summary()}");
            Assert.True(load.Log.Failures.Count == 0,
                $"failed requests:{Environment.NewLine}{string.Join(Environment.NewLine, load.Log.Failures)}{Environment.NewLine}{cluster.Describe()}");
        });
    }

    [Fact]
    public async Task An_ocr_node_stopped_with_sigterm_under_load_finishes_its_images_and_no_request_fails()
    {
        await using var environment = await ClusterEnvironment.CreateAsync();
        await using var cluster = CreateCluster(environment);
        await cluster.ExplainFailuresAsync(async () =>
        {
            var nodes = await StartWithTwoOcrNodesAsync(cluster);
            var (ocr1, gateway) = (nodes[1], nodes[3].Spec.BaseAddress);

            // The load fits one worker and its queue, so the survivor alone takes it all.
            await using var load = StartUploadLoad(gateway, environment);
            await load.WaitForRequestsAsync(30, TimeSpan.FromSeconds(90));

            var (stoppedByItself, readiness) = await ocr1.StopWhileProbingReadinessAsync(ClusterHarness.StopTimeout);
            await load.WaitForRequestsAsync(load.Log.Count + 20, TimeSpan.FromSeconds(90));
            await load.StopAsync(TimeSpan.FromSeconds(90));

            var uploads = load.Log.Records.Count(record => record.Operation == OcrUploadFlow.Upload);
            output.WriteLine($"{load.Log.Count} requests, {uploads} uploads{Environment.NewLine}{load.Log.Summary()}");
            var context = $"{load.Log.Summary()}{Environment.NewLine}{cluster.Describe()}";
            Assert.True(stoppedByItself && ocr1.ExitCode == 0, $"ocr-1 did not exit cleanly after SIGTERM: {ocr1}{context}");
            Assert.Contains(readiness, probe => probe.Status == HttpStatusCode.ServiceUnavailable && probe.Body.Contains("\"stopping\":{\"status\":\"Unhealthy\""));
            Assert.True(uploads >= 20, $"only {uploads} uploads{context}");
            Assert.True(load.Log.Failures.Count == 0, $"failed requests:{Environment.NewLine}{string.Join(Environment.NewLine, load.Log.Failures)}{context}");
        });
    }

    /// <summary>users-1 (with the notifier role), ocr-1, ocr-2 and a gateway, ready and past the cold start.</summary>
    private static async Task<IReadOnlyList<NodeProcess>> StartWithTwoOcrNodesAsync(ClusterHarness cluster)
    {
        var nodes = await cluster.StartAllReadyAsync(
            ClusterHarness.Node("users-1", ClusterRoles.Users, ClusterRoles.Notifier),
            ClusterHarness.Node("ocr-1", ClusterRoles.Ocr),
            ClusterHarness.Node("ocr-2", ClusterRoles.Ocr),
            ClusterHarness.Gateway("gateway"));
        await WarmUp.UntilWritesAnswerAsync(nodes[3].Spec.BaseAddress, TimeSpan.FromSeconds(90));
        return nodes;
    }

    /// <summary>
    /// Uploads and sign-ins, three flows in flight: they keep one worker and its queue of two full, never
    /// more, so no 429 is expected even while a single worker serves.
    /// </summary>
    private static LoadRun StartUploadLoad(Uri gateway, ClusterEnvironment environment) => LoadRun.Start(new LoadOptions
    {
        Gateway = gateway,
        Concurrency = 3,
        Duration = TimeSpan.FromMinutes(2),
        RequestTimeout = TimeSpan.FromSeconds(40),
        MailTimeout = TimeSpan.FromSeconds(60),
        Mix = [(new OcrUploadFlow(TestImages.Lines.Select(line => TestImages.Line(line)).ToList()), 3), (new SignInFlow(), 1)],
    }, new SmtpOtpSource(environment.Smtp));

    private static async Task UntilBothNodesReadAsync(HttpClient http) =>
        // Two at a time until two in a row succeed together: then the router knows both nodes' workers.
        await Eventually.MatchesAsync(
            async () => await Task.WhenAll(http.PostAsync(TestImages.Line("warm one")), http.PostAsync(TestImages.Line("warm two"))),
            answers => answers.All(answer => answer.StatusCode == HttpStatusCode.OK), TimeSpan.FromSeconds(60), "both OCR nodes serving");
}
