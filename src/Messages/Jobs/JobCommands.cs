namespace AkkaOcr.Messages.Jobs;

/// <summary>What a gateway, or the node keeping the jobs, asks of one job's entity.</summary>
public static class JobCommands
{
    /// <summary>
    /// Starts a job whose document is already stored. Answered with <see cref="JobReplies.Accepted"/> once the
    /// job is recorded, or <see cref="JobReplies.TooManyActiveJobs"/>; a copy of an accepted submission is
    /// answered as the first was.
    /// </summary>
    /// <param name="OwnerId">The owner's user id (the token's subject); every other caller gets not found.</param>
    /// <param name="OwnerEmail">Where the mail that the job is done goes.</param>
    public sealed record Submit(
        DocumentJobId JobId,
        string OwnerId,
        string OwnerEmail,
        int PageCount,
        JobOptions Options) : IWithDocumentJobId;

    /// <summary>
    /// The owner's delete: a queued or running job is cancelled (<see cref="JobReplies.Cancelling"/>), and a
    /// finished one is deleted with its document and results (<see cref="JobReplies.Deleted"/>).
    /// </summary>
    /// <param name="IfStatusIn">
    /// When given, the delete acts only while the job's status is one of these, and is answered with
    /// <see cref="JobReplies.PreconditionFailed"/> otherwise: a cancel sent as a job finishes must not delete it.
    /// </param>
    public sealed record Delete(DocumentJobId JobId, string OwnerId, IReadOnlyList<JobStatus>? IfStatusIn = null) : IWithDocumentJobId;

    /// <summary>Wakes a job that has work left, after its node was lost or the cluster restarted. Not answered.</summary>
    public sealed record Resume(DocumentJobId JobId) : IWithDocumentJobId;

    /// <summary>Deletes a job past its retention, whoever owns it. Not answered.</summary>
    public sealed record Expire(DocumentJobId JobId) : IWithDocumentJobId;
}
