namespace AkkaOcr.Mail;

/// <summary>One reading of how far the mail outbox trails the journal.</summary>
/// <param name="StoredOffset">The outbox's stored offset: everything up to it is published.</param>
/// <param name="NewestOffset">The journal's newest <c>mail</c>-tagged offset.</param>
/// <param name="OldestUnsentAt">When the oldest event past the stored offset was written; null when none waits.</param>
/// <param name="MeasuredAt">When this was read.</param>
public sealed record MailOutboxLag(long StoredOffset, long NewestOffset, DateTimeOffset? OldestUnsentAt, DateTimeOffset MeasuredAt)
{
    public long Offsets => Math.Max(0, NewestOffset - StoredOffset);

    public TimeSpan OldestUnsentAge => OldestUnsentAt is { } at && at < MeasuredAt ? MeasuredAt - at : TimeSpan.Zero;
}
