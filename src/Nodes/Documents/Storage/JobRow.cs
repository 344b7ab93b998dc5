using AkkaOcr.Messages.Jobs;

namespace AkkaOcr.Documents.Storage;

/// <summary>A job's row in <c>ocr_jobs</c>: what its owner's job list shows.</summary>
public sealed record JobRow(
    DocumentJobId JobId,
    string OwnerId,
    JobStatus Status,
    int PagesTotal,
    int PagesDone,
    DateTimeOffset Created,
    DateTimeOffset? Finished,
    string? Error)
{
    public JobView ToView() => new(JobId, Status, PagesTotal, PagesDone, JobView.ProgressOf(Status, PagesDone, PagesTotal),
        Created, Finished, Error);
}
