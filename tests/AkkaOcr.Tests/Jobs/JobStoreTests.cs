using AkkaOcr.Documents.Storage;
using AkkaOcr.Messages.Jobs;
using AkkaOcr.Tests.Infrastructure;
using Npgsql;

namespace AkkaOcr.Tests.Jobs;

/// <summary>A job's row in PostgreSQL against the real database: what the job list shows and the cap on active jobs counts.</summary>
public sealed class JobStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Created = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    private TestDatabase _database = null!;
    private NpgsqlDataSource _dataSource = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateNewAsync();
        _dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        await JobTables.EnsureCreatedAsync(_dataSource, CancellationToken.None);
    }

    [Fact]
    public async Task A_row_written_out_of_order_never_goes_back_so_a_finished_job_stops_counting_against_the_cap()
    {
        var store = new JobStore(_dataSource);
        var jobId = DocumentJobId.New();
        Assert.True((await store.AdmitAsync(jobId, "owner", 2, maxActive: 1, Created, CancellationToken.None)).Admitted);
        var running = new JobView(jobId, JobStatus.Running, 2, 1, 0.5, Created, null, null);
        var succeeded = running with { Status = JobStatus.Succeeded, PagesDone = 2, Progress = 1, Finished = Created.AddSeconds(5) };

        // The page's write lands after the final one, as two writes in flight at once can.
        await store.UpdateAsync(succeeded, CancellationToken.None);
        await store.UpdateAsync(running, CancellationToken.None);
        await store.UpdateAsync(running with { PagesDone = 0, Status = JobStatus.Queued }, CancellationToken.None);

        var row = Assert.Single(await store.ListAsync("owner", 10, null, CancellationToken.None));
        Assert.Equal((JobStatus.Succeeded, 2, succeeded.Finished), (row.Status, row.PagesDone, row.Finished));
        Assert.True((await store.AdmitAsync(DocumentJobId.New(), "owner", 1, maxActive: 1, Created.AddMinutes(1), CancellationToken.None)).Admitted);
    }

    [Fact]
    public async Task A_running_jobs_row_follows_its_pages_forward_only()
    {
        var store = new JobStore(_dataSource);
        var jobId = DocumentJobId.New();
        await store.AdmitAsync(jobId, "owner", 3, maxActive: 5, Created, CancellationToken.None);
        var twoDone = new JobView(jobId, JobStatus.Running, 3, 2, 2 / 3.0, Created, null, null);
        await store.UpdateAsync(twoDone, CancellationToken.None);
        await store.UpdateAsync(twoDone with { PagesDone = 1 }, CancellationToken.None);
        Assert.Equal(2, Assert.Single(await store.ListAsync("owner", 10, null, CancellationToken.None)).PagesDone);
        await store.UpdateAsync(twoDone with { Status = JobStatus.Failed, Finished = Created.AddSeconds(3), Error = "Page 3 could not be read." }, CancellationToken.None);
        Assert.Equal(JobStatus.Failed, Assert.Single(await store.ListAsync("owner", 10, null, CancellationToken.None)).Status);
    }

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await _database.DisposeAsync();
    }
}
