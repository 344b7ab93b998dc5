using System.Net;
using AkkaOcr.ServiceDefaults.Cluster;
using AkkaOcr.Tests.Infrastructure;
using AkkaOcr.Tests.Ocr;

namespace AkkaOcr.Tests.MultiProcess;

/// <summary>
/// An <c>ocr</c> node near its memory limit (<c>Ocr__MemoryLimitMiB</c> set below what the process already
/// holds) starts no image: the router gives its work to another node, and with no other node the client is
/// told to come back, instead of the node being killed for memory with every image on it.
/// </summary>
[Collection(nameof(MultiProcessCluster))]
public sealed class OcrMemoryLimitTests(ITestOutputHelper output)
{
    [Fact]
    public async Task An_ocr_node_near_its_memory_limit_declines_every_image_which_another_node_reads_and_alone_it_is_answered_429()
    {
        await using var environment = await ClusterEnvironment.CreateAsync();
        await using var cluster = new ClusterHarness(new Dictionary<string, string>(environment.Variables) { ["Ocr__Workers"] = "1" });
        await cluster.ExplainFailuresAsync(async () =>
        {
            var nodes = await cluster.StartAllReadyAsync(
                ClusterHarness.Node("users-1", ClusterRoles.Users, ClusterRoles.Notifier),
                ClusterHarness.Node("ocr-tight", ClusterRoles.Ocr) with { Settings = new Dictionary<string, string> { ["Ocr:MemoryLimitMiB"] = "64" } },
                ClusterHarness.Gateway("gateway"));
            var (tight, gateway) = (nodes[1], nodes[2].Spec.BaseAddress);
            await WarmUp.UntilWritesAnswerAsync(gateway, TimeSpan.FromSeconds(90));
            using var http = await SignedInClient.CreateAsync(gateway, new SmtpOtpSource(environment.Smtp), TimeSpan.FromSeconds(60));

            // 503 ("no OCR node") until the router knows the worker; then the worker's node declines.
            var refused = await Eventually.MatchesAsync(() => http.PostAsync(TestImages.Line("No room here")),
                answer => answer.StatusCode == HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(60), "429 from the node short of memory");
            var problem = await refused.Content.ReadAsStringAsync();
            output.WriteLine($"alone: 429 {problem}, Retry-After {refused.Headers.RetryAfter?.Delta}");
            Assert.Contains("Every OCR node is near its memory limit", problem);
            Assert.Equal(TimeSpan.FromSeconds(2), refused.Headers.RetryAfter?.Delta);

            var roomy = await cluster.StartReadyAsync(ClusterHarness.Node("ocr-roomy", ClusterRoles.Ocr));
            await Eventually.MatchesAsync(() => http.PostAsync(TestImages.Line("Room at last")),
                answer => answer.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "the roomy node reading");
            // Pairs at once, so each pair offers the tight node's idle worker work whenever its rest is over.
            var texts = new List<string>();
            for (var pair = 0; pair < 4; pair++)
            {
                var answers = await Task.WhenAll(http.PostAsync(TestImages.Line($"Left pair {pair}")), http.PostAsync(TestImages.Line($"Right pair {pair}")));
                foreach (var answer in answers)
                {
                    var body = await answer.Content.ReadAsStringAsync();
                    Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{(int)answer.StatusCode} {body}");
                    texts.Add(body);
                }
            }

            var (tightRead, tightDeclined) = await OcrNodeMetrics.ImageCountsAsync(tight.Spec.BaseAddress);
            var (roomyRead, roomyDeclined) = await OcrNodeMetrics.ImageCountsAsync(roomy.Spec.BaseAddress);
            output.WriteLine($"ocr-tight read {tightRead}, declined {tightDeclined}; ocr-roomy read {roomyRead}, declined {roomyDeclined}");
            Assert.Equal(0, tightRead);
            Assert.True(tightDeclined >= 2, $"ocr-tight declined {tightDeclined} images");
            Assert.True(roomyRead >= 9, $"ocr-roomy read {roomyRead} images");
            Assert.Equal(0, roomyDeclined);
            Assert.Contains(texts, text => text.Contains("pair 3", StringComparison.Ordinal));
            Assert.False(tight.HasExited);
        });
    }
}
