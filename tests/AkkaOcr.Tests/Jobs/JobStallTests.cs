using AkkaOcr.Tests.Documents;

namespace AkkaOcr.Tests.Jobs;

/// <summary>A job no OCR worker takes pages of fails after <c>Ocr__JobStallTimeout</c>, saying why, instead of waiting without end.</summary>
public sealed class JobStallTests : IAsyncLifetime
{
    private readonly JobsGateway _jobs = new()
    {
        WithOcrWorkers = false,
        ExtraOcrSettings = new Dictionary<string, string> { ["JobStallTimeout"] = "00:00:03" },
    };

    public ValueTask InitializeAsync() => _jobs.InitializeAsync();

    public ValueTask DisposeAsync() => _jobs.DisposeAsync();

    [Fact]
    public async Task A_job_with_no_ocr_node_to_read_it_fails_after_the_stall_timeout_with_the_reason()
    {
        var (client, _) = await _jobs.SignedInClientAsync();
        var jobId = await JobsGateway.StartJobAsync(client, TestDocuments.ScannedPdf(300, "Nobody reads this page."));

        var job = await JobsGateway.FinishedAsync(client, jobId, TimeSpan.FromSeconds(60));

        Assert.Equal("failed", job.GetProperty("status").GetString());
        var error = job.GetProperty("error").GetString()!;
        Assert.Contains("No page was read for 00:00:03", error);
        Assert.Contains("OCR", error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, job.GetProperty("pages_done").GetInt32());
    }
}
