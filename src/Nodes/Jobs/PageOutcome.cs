namespace AkkaOcr.Jobs;

/// <summary>What became of one attempt at one page of a job.</summary>
public abstract record PageOutcome(int Page)
{
    /// <summary>Read and stored; the entity records it.</summary>
    public sealed record Stored(int Page, float Confidence) : PageOutcome(Page);

    /// <summary>Not read this time for a passing reason (workers busy, a node lost); tried again after <paramref name="After"/>.</summary>
    public sealed record Retry(int Page, TimeSpan After, string Reason, bool CountsAsAttempt) : PageOutcome(Page);

    /// <summary>The page cannot be read; the job fails with <paramref name="Error"/>, a sentence for its owner.</summary>
    public sealed record Unreadable(int Page, string Error) : PageOutcome(Page);
}
