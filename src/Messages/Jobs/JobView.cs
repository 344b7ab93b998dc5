namespace AkkaOcr.Messages.Jobs;

/// <summary>
/// A job as its owner sees it. <paramref name="Progress"/> runs from 0 to 1 and never goes back;
/// <paramref name="Error"/> says why a failed job failed.
/// </summary>
public sealed record JobView(
    DocumentJobId JobId,
    JobStatus Status,
    int PagesTotal,
    int PagesDone,
    double Progress,
    DateTimeOffset Created,
    DateTimeOffset? Finished,
    string? Error) : IAkkaOcrMessage
{
    /// <summary>Pages done over pages; a succeeded job is whole, whatever its count.</summary>
    public static double ProgressOf(JobStatus status, int pagesDone, int pagesTotal) =>
        status == JobStatus.Succeeded ? 1 : pagesTotal == 0 ? 0 : (double)pagesDone / pagesTotal;
}
