namespace AkkaOcr.Messages.Jobs;

/// <summary>
/// A job's journal: small facts only. The document, page images and results live in tables keyed by job
/// and page; an event names what was stored, never carries it.
/// </summary>
public static class JobEvents
{
    public sealed record JobSubmitted(
        string OwnerId,
        string OwnerEmail,
        int PageCount,
        JobOptions Options,
        DateTimeOffset At) : IDocumentJobEvent;

    /// <summary>Page <paramref name="Page"/> (from 1) is read and its result stored.</summary>
    public sealed record PageRecorded(int Page, float Confidence, DateTimeOffset At) : IDocumentJobEvent;

    /// <summary>Every page is read and the outputs are stored; mails the owner (tagged for the outbox).</summary>
    public sealed record JobSucceeded(DocumentJobId JobId, string OwnerEmail, int PageCount, float MeanConfidence, DateTimeOffset At) : IDocumentJobEvent;

    public sealed record JobFailed(string Error, DateTimeOffset At) : IDocumentJobEvent;

    public sealed record JobCancelled(DateTimeOffset At) : IDocumentJobEvent;

    /// <summary>The job's document and results are gone, by its owner's delete or by retention.</summary>
    public sealed record JobDeleted(DateTimeOffset At) : IDocumentJobEvent;
}
