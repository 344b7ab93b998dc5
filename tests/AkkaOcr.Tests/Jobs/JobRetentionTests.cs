using System.Net;
using AkkaOcr.Tests.Documents;
using AkkaOcr.Tests.Infrastructure;

namespace AkkaOcr.Tests.Jobs;

/// <summary>Past <c>Ocr__JobRetention</c> a finished job is gone: its entity answers not found and its rows are deleted.</summary>
public sealed class JobRetentionTests : IAsyncLifetime
{
    private readonly JobsGateway _jobs = new() { ExtraOcrSettings = new Dictionary<string, string> { ["JobRetention"] = "00:00:03" } };

    public ValueTask InitializeAsync() => _jobs.InitializeAsync();

    public ValueTask DisposeAsync() => _jobs.DisposeAsync();

    [Fact]
    public async Task A_finished_job_past_its_retention_is_deleted_with_its_document_and_results()
    {
        var (client, _) = await _jobs.SignedInClientAsync();
        var jobId = await JobsGateway.StartJobAsync(client, TestDocuments.ScannedPdf(300, "Kept for three seconds."));
        await JobsGateway.SucceededAsync(client, jobId);
        Assert.Equal(1, await _jobs.RowsAsync("ocr_job_pages", jobId));

        await Eventually.MatchesAsync(async () => (await client.GetAsync($"/ocr/jobs/{jobId}")).StatusCode,
            status => status == HttpStatusCode.NotFound, TimeSpan.FromSeconds(30), "the expired job gone");
        foreach (var table in new[] { "ocr_jobs", "ocr_documents", "ocr_job_pages", "ocr_job_outputs" })
            Assert.Equal(0, await _jobs.RowsAsync(table, jobId));
        Assert.DoesNotContain(jobId, await client.GetStringAsync("/ocr/jobs"));
    }
}
