namespace AkkaOcr.Messages.Jobs;

/// <summary>Every answer a job's entity gives.</summary>
public static class JobReplies
{
    public sealed record Accepted(JobView Job) : IAkkaOcrMessage;

    public sealed record TooManyActiveJobs(DocumentJobId JobId, int Active, int Max) : IAkkaOcrMessage;

    public sealed record Found(JobView Job) : IAkkaOcrMessage;

    /// <summary>Unknown, deleted, or another user's: the caller cannot tell which.</summary>
    public sealed record NotFound(DocumentJobId JobId) : IAkkaOcrMessage;

    /// <summary>The job was queued or running and is now cancelled; its pages in flight are stopped.</summary>
    public sealed record Cancelling(JobView Job) : IAkkaOcrMessage;

    public sealed record Deleted(DocumentJobId JobId) : IAkkaOcrMessage;

    /// <summary>A conditional delete found the job in none of the statuses it named; nothing was changed.</summary>
    public sealed record PreconditionFailed(JobView Job) : IAkkaOcrMessage;

    /// <summary>The job's tables did not answer; nothing was changed, and the caller may try again.</summary>
    public sealed record Unavailable(DocumentJobId JobId, string Reason) : IAkkaOcrMessage;
}
