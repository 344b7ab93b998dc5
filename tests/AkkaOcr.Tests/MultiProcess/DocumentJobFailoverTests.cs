using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AkkaOcr.LoadDriver;
using AkkaOcr.ServiceDefaults.Cluster;
using AkkaOcr.Tests.Documents;
using AkkaOcr.Tests.Infrastructure;
using AkkaOcr.Tests.Jobs;
using AkkaOcr.Tests.MultiProcess.History;
using AkkaOcr.Tests.Ocr;
using Npgsql;

namespace AkkaOcr.Tests.MultiProcess;

/// <summary>
/// A document job survives the loss of the nodes it runs on, with real processes: an <c>ocr</c> node killed
/// while reading its pages, the <c>users</c> node holding its entity killed, and the whole cluster stopped
/// and started again. Each time the job succeeds, every page is recorded exactly once, and the text is right.
/// Other users' uploads run beside it.
/// </summary>
[Collection(nameof(MultiProcessCluster))]
public sealed class DocumentJobFailoverTests(ITestOutputHelper output)
{
    private const int Pages = 16;

    private static readonly string[] PageTexts =
        [.. Enumerable.Range(1, Pages).Select(n => $"Clause {n} of the lease: {TestImages.Lines[n % TestImages.Lines.Length]}")];

    private static readonly Lazy<byte[]> Document = new(() => TestDocuments.ScannedPdf(300, PageTexts));

    /// <summary>One worker per ocr node, so a killed node always has a page in flight.</summary>
    private static ClusterHarness CreateCluster(ClusterEnvironment environment) =>
        new(new Dictionary<string, string>(environment.Variables) { ["Ocr__Workers"] = "1", ["Ocr__JobSweepInterval"] = "00:00:02" });

    [Fact]
    public async Task An_ocr_node_killed_mid_job_costs_the_job_nothing()
    {
        await using var environment = await ClusterEnvironment.CreateAsync();
        await using var cluster = CreateCluster(environment);
        await cluster.ExplainFailuresAsync(async () =>
        {
            var (nodes, owner, neighbour) = await StartWithTwoOcrNodesAsync(cluster, environment);
            using var ownerClient = owner;
            using var neighbourClient = neighbour;

            var (jobId, submission) = await SubmitAsync(owner);
            using var uploads = new NeighbourUploads(neighbour);
            await PagesDoneAsync(owner, jobId, atLeast: 3);
            await nodes[1].KillAsync();
            output.WriteLine("killed ocr-1");

            await AssertSucceededExactlyOnceAsync(owner, jobId, environment);
            uploads.Dispose();
            Assert.True(uploads.Served > 0, "the neighbour's uploads were not served beside the job");
            await AssertHistoryCleanAsync(submission, environment, cluster);
        });
    }

    [Fact]
    public async Task The_users_node_holding_the_job_killed_mid_job_costs_the_job_nothing()
    {
        await using var environment = await ClusterEnvironment.CreateAsync();
        await using var cluster = CreateCluster(environment);
        await cluster.ExplainFailuresAsync(async () =>
        {
            // users-1 is the only users node when the job starts, so it holds the job's entity.
            var (nodes, owner, neighbour) = await StartWithTwoOcrNodesAsync(cluster, environment);
            using var ownerClient = owner;
            using var neighbourClient = neighbour;
            var (jobId, submission) = await SubmitAsync(owner);
            // users-2 mails too: the notifier on users-1 dies with it.
            await cluster.StartReadyAsync(ClusterHarness.Node("users-2", ClusterRoles.Users, ClusterRoles.Notifier));
            using var uploads = new NeighbourUploads(neighbour);

            await PagesDoneAsync(owner, jobId, atLeast: 3);
            await nodes[0].KillAsync();
            output.WriteLine("killed users-1");

            await AssertSucceededExactlyOnceAsync(owner, jobId, environment);
            uploads.Dispose();
            await AssertHistoryCleanAsync(submission, environment, cluster);
        });
    }

    [Fact]
    public async Task A_whole_cluster_stopped_and_started_again_mid_job_resumes_the_job()
    {
        await using var environment = await ClusterEnvironment.CreateAsync();
        await using var cluster = CreateCluster(environment);
        await cluster.ExplainFailuresAsync(async () =>
        {
            var specs = new[]
            {
                ClusterHarness.Node("users-1", ClusterRoles.Users, ClusterRoles.Notifier),
                ClusterHarness.Node("ocr-1", ClusterRoles.Ocr),
                ClusterHarness.Gateway("gateway"),
            };
            var nodes = await cluster.StartAllReadyAsync(specs);
            var gateway = specs[2].BaseAddress;
            await WarmUp.UntilWritesAnswerAsync(gateway, TimeSpan.FromSeconds(90));
            using var owner = await SignedInClient.CreateAsync(gateway, new SmtpOtpSource(environment.Smtp), TimeSpan.FromSeconds(30));
            var (jobId, submission) = await SubmitAsync(owner);
            var doneBefore = await PagesDoneAsync(owner, jobId, atLeast: 3);

            var stopped = await Task.WhenAll(nodes.Select(node => node.StopAsync(ClusterHarness.StopTimeout)));
            Assert.All(stopped, Assert.True);
            output.WriteLine($"stopped the cluster with {doneBefore} of {Pages} pages done");
            await cluster.StartAllReadyAsync(specs);
            await WarmUp.UntilWritesAnswerAsync(gateway, TimeSpan.FromSeconds(90));

            await AssertSucceededExactlyOnceAsync(owner, jobId, environment);
            await AssertHistoryCleanAsync(submission, environment, cluster);
        });
    }

    /// <summary>users-1 (users, notifier), ocr-1, ocr-2 and a gateway; the job's owner and a neighbour signed in.</summary>
    private static async Task<(IReadOnlyList<NodeProcess> Nodes, HttpClient Owner, HttpClient Neighbour)> StartWithTwoOcrNodesAsync(
        ClusterHarness cluster, ClusterEnvironment environment)
    {
        var nodes = await cluster.StartAllReadyAsync(
            ClusterHarness.Node("users-1", ClusterRoles.Users, ClusterRoles.Notifier),
            ClusterHarness.Node("ocr-1", ClusterRoles.Ocr),
            ClusterHarness.Node("ocr-2", ClusterRoles.Ocr),
            ClusterHarness.Gateway("gateway"));
        var gateway = nodes[3].Spec.BaseAddress;
        await WarmUp.UntilWritesAnswerAsync(gateway, TimeSpan.FromSeconds(90));
        var owner = await SignedInClient.CreateAsync(gateway, new SmtpOtpSource(environment.Smtp), TimeSpan.FromSeconds(30));
        var neighbour = await SignedInClient.CreateAsync(gateway, new SmtpOtpSource(environment.Smtp), TimeSpan.FromSeconds(60));
        return (nodes, owner, neighbour);
    }

    /// <summary>Another user's single-image uploads, one after another, from start until disposed.</summary>
    private sealed class NeighbourUploads : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private int _served;

        public NeighbourUploads(HttpClient neighbour)
        {
            var image = TestImages.Line("A neighbour's receipt");
            _loop = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    try
                    {
                        using var response = await neighbour.PostAsync(image);
                        if (response.StatusCode == HttpStatusCode.OK)
                            Interlocked.Increment(ref _served);
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        // a request cut by the killed node; the load goes on
                    }
                }
            });
        }

        public int Served => Volatile.Read(ref _served);

        /// <summary>Stops the uploads and waits for the one in flight; a second call does nothing.</summary>
        public void Dispose()
        {
            if (_stop.IsCancellationRequested)
                return;
            _stop.Cancel();
            _loop.Wait(TimeSpan.FromSeconds(90));
            // Still answers IsCancellationRequested once disposed.
            _stop.Dispose();
        }
    }

    /// <summary>The job's status, polled through answers that may be 503 while the cluster heals.</summary>
    private static async Task<JsonElement?> TryStatusAsync(HttpClient client, string jobId)
    {
        try
        {
            using var response = await client.GetAsync($"/ocr/jobs/{jobId}");
            return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>() : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private static async Task<int> PagesDoneAsync(HttpClient client, string jobId, int atLeast)
    {
        var job = await Eventually.MatchesAsync(() => TryStatusAsync(client, jobId),
            job => job?.GetProperty("pages_done").GetInt32() >= atLeast, TimeSpan.FromSeconds(120), $"{atLeast} pages done");
        return job!.Value.GetProperty("pages_done").GetInt32();
    }

    /// <summary>Uploads the document; the upload answered 202 is an acknowledged write for the history checker.</summary>
    private static async Task<(string JobId, HistoryOperation Submission)> SubmitAsync(HttpClient owner)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var jobId = await JobsGateway.StartJobAsync(owner, Document.Value);
        return (jobId, new HistoryOperation(WriteEffects.JobSubmission, jobId, 1, startedAt, DateTimeOffset.UtcNow, 202, null, OperationOutcome.Acknowledged));
    }

    private async Task AssertSucceededExactlyOnceAsync(HttpClient client, string jobId, ClusterEnvironment environment)
    {
        var finished = await Eventually.MatchesAsync(() => TryStatusAsync(client, jobId),
            job => job?.GetProperty("status").GetString() is "succeeded" or "failed" or "cancelled", TimeSpan.FromSeconds(240), "the job finishing");
        Assert.Equal("succeeded", finished!.Value.GetProperty("status").GetString());
        Assert.Equal(Pages, finished.Value.GetProperty("pages_done").GetInt32());

        var pages = (await client.GetStringAsync($"/ocr/jobs/{jobId}/result?format=text")).Split('\f');
        Assert.Equal(Pages, pages.Length);
        for (var i = 0; i < Pages; i++)
            Assert.True(CharacterErrorRate.Of(PageTexts[i], pages[i]) < 0.02, $"page {i + 1}: '{pages[i].Trim()}'");

        await using var connection = new NpgsqlConnection(environment.Database.ConnectionString);
        await connection.OpenAsync();
        await using var stored = new NpgsqlCommand("SELECT count(*), count(DISTINCT page) FROM ocr_job_pages WHERE job_id = @job", connection);
        stored.Parameters.AddWithValue("job", Guid.Parse(jobId));
        await using (var reader = await stored.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            Assert.Equal((Pages, Pages), ((int)reader.GetInt64(0), (int)reader.GetInt64(1)));
        }
        await using var recorded = new NpgsqlCommand(
            "SELECT count(*) FROM journal WHERE persistence_id = @id AND manifest = 'job.evt.page-recorded.v1'", connection);
        recorded.Parameters.AddWithValue("id", $"ocr-job-{jobId}");
        Assert.Equal(Pages, (long)(await recorded.ExecuteScalarAsync())!);
        output.WriteLine($"job {jobId}: {Pages} pages, each recorded once");
    }

    /// <summary>
    /// The run's history is clean: the upload's job is in the journal without gaps, and every mail event
    /// (the job's, the neighbour's OCR results) was mailed. Call it once the load has stopped.
    /// </summary>
    private Task AssertHistoryCleanAsync(HistoryOperation submission, ClusterEnvironment environment, ClusterHarness cluster) =>
        HistoryAudit.AssertCleanAsync(output, environment, "document job", [], () => cluster.Describe(), [submission]);
}
