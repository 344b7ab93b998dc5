using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using AkkaOcr.ServiceDefaults.Cluster;
using AkkaOcr.Tests.Ocr;
using AkkaOcr.Tests.Ocr.Fuzzing;

namespace AkkaOcr.Tests.MultiProcess;

/// <summary>
/// Mutated images and PDFs through <c>POST /ocr</c> of a real cluster, the <c>ocr</c> role in a process of
/// its own: a native decoder that crashed would take that process down, not the test. Every answer is
/// 200 or 4xx: an input the service cannot read is the client's fault, never a server error.
/// </summary>
[Collection(nameof(MultiProcessCluster))]
public sealed class UploadFuzzTests(ITestOutputHelper output)
{
    /// <summary>Fixed, so every run sends the same inputs and a failure names an input that can be sent again.</summary>
    private const int MutationSeed = 16_2026;

    private const int Inputs = 2000;

    /// <summary>The gateway's default <c>Uploads__MaxConcurrentPerUser</c>: more in flight would be answered 429.</summary>
    private const int InFlight = 2;

    /// <summary>
    /// The <c>ocr</c> process's resident memory at its peak: about 170 MiB idle and 199 to 260 MiB at the peak over three runs,
    /// with two Tesseract engines reading these inputs; the bound leaves room for allocator noise,
    /// not for an image that makes a decoder allocate the gigapixels its header claims.
    /// </summary>
    private const long MaxOcrNodeRssBytes = 512L << 20;

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Two_thousand_mutated_uploads_are_answered_200_or_4xx_and_the_ocr_node_lives_within_its_memory_bound()
    {
        var seeds = FuzzSeed.RenderAll();
        var mutator = new UploadMutator(MutationSeed);
        var inputs = Enumerable.Range(0, Inputs).Select(i => mutator.Mutate(seeds[i % seeds.Count], seeds)).ToList();

        await using var environment = await ClusterEnvironment.CreateAsync();
        // PDF pages rasterized at 72 dpi stay as small as the images, so the run measures decoding, not reading.
        await using var cluster = new ClusterHarness(new Dictionary<string, string>(environment.Variables)
        {
            ["Ocr__Workers"] = "2",
            ["Ocr__PdfDpi"] = "72",
        });
        await cluster.ExplainFailuresAsync(async () =>
        {
            var nodes = await cluster.StartAllReadyAsync(
                ClusterHarness.Node("users-1", ClusterRoles.Users, ClusterRoles.Notifier),
                ClusterHarness.Node("ocr-1", ClusterRoles.Ocr),
                ClusterHarness.Gateway("gateway"));
            var (ocr, gateway) = (nodes[1], nodes[2].Spec.BaseAddress);
            await WarmUp.UntilWritesAnswerAsync(gateway, TimeSpan.FromSeconds(90));
            using var http = await SignedInClient.CreateAsync(gateway, new SmtpOtpSource(environment.Smtp), RequestTimeout);

            // Every seed reads, so the mutants of each format reach that format's decoder.
            foreach (var seed in seeds)
            {
                using var answer = await http.PostAsync(seed.Content);
                Assert.True(answer.StatusCode == HttpStatusCode.OK,
                    $"the {seed.Format} seed got {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
            }

            var rssAtStart = ResidentBytes(ocr.Pid);
            using var sampling = new CancellationTokenSource();
            var peakRss = SamplePeakAsync(ocr.Pid, sampling.Token);
            var clock = Stopwatch.StartNew();
            var answers = await SendAllAsync(http, inputs);
            clock.Stop();
            await sampling.CancelAsync();
            var peak = await peakRss;

            output.WriteLine($"{inputs.Count} inputs (seed {MutationSeed}) in {clock.Elapsed.TotalSeconds:0.0} s; " +
                             $"ocr-1 RSS {Mib(rssAtStart)} MiB before, {Mib(peak)} MiB at its peak");
            output.WriteLine("answers: " + string.Join(", ", answers.GroupBy(answer => answer.Status).OrderBy(group => group.Key)
                .Select(group => $"{Describe(group.Key)} × {group.Count()}")));
            foreach (var format in answers.GroupBy(answer => inputs[answer.Index].Format))
                output.WriteLine($"  {format.Key,-5} " + string.Join(", ", format.GroupBy(answer => answer.Status).OrderBy(group => group.Key)
                    .Select(group => $"{Describe(group.Key)} × {group.Count()}")));

            var wrong = answers.Where(answer => answer.Status is not (>= 200 and < 300 or >= 400 and < 500)).OrderBy(answer => answer.Index).ToList();
            Assert.True(wrong.Count == 0, $"{wrong.Count} inputs not answered 200 or 4xx:{Environment.NewLine}" + string.Join(Environment.NewLine,
                wrong.Take(20).Select(answer => $"#{answer.Index} {inputs[answer.Index].Format} ({inputs[answer.Index].Steps}): {Describe(answer.Status)} {answer.Body}")));
            Assert.False(ocr.HasExited, $"ocr-1 died: {ocr}");
            Assert.True(peak < MaxOcrNodeRssBytes, $"ocr-1 peaked at {Mib(peak)} MiB, over the {Mib(MaxOcrNodeRssBytes)} MiB bound");

            // The workers are not stuck on anything the inputs left behind.
            using var after = await http.PostAsync(TestImages.Line(TestImages.Lines[0]));
            Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        });
    }

    /// <summary>Each input once, <see cref="InFlight"/> at a time; a request that gets no answer in time is status 0.</summary>
    private static async Task<IReadOnlyList<Answer>> SendAllAsync(HttpClient http, IReadOnlyList<Mutant> inputs)
    {
        var answers = new ConcurrentBag<Answer>();
        await Parallel.ForEachAsync(Enumerable.Range(0, inputs.Count), new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (index, _) =>
        {
            try
            {
                using var response = await http.PostAsync(inputs[index].Content);
                var status = (int)response.StatusCode;
                var body = status >= 500 ? await response.Content.ReadAsStringAsync() : "";
                answers.Add(new Answer(index, status, body));
            }
            catch (TaskCanceledException)
            {
                answers.Add(new Answer(index, 0, $"no answer within {RequestTimeout.TotalSeconds:0} s"));
            }
        });
        return [.. answers];
    }

    /// <summary>The largest resident set seen every 50 ms until cancelled.</summary>
    private static async Task<long> SamplePeakAsync(int pid, CancellationToken cancellationToken)
    {
        var peak = 0L;
        while (!cancellationToken.IsCancellationRequested)
        {
            peak = Math.Max(peak, ResidentBytes(pid));
            try
            {
                await Task.Delay(50, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return peak;
    }

    /// <summary>VmRSS from /proc; 0 once the process is gone (its death is asserted separately).</summary>
    private static long ResidentBytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static long Mib(long bytes) => bytes >> 20;

    private static string Describe(int status) => status == 0 ? "no answer" : status.ToString(CultureInfo.InvariantCulture);

    private sealed record Answer(int Index, int Status, string Body);
}
