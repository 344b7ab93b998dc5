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
    string? Error) : IAkkaOcrMessage;
