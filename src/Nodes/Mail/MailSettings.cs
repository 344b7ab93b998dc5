namespace AkkaOcr.Mail;

/// <summary><c>Mail__OutboxStallAfter</c>: how old the oldest unpublished mail event may grow before the outbox reports itself degraded.</summary>
public sealed class MailSettings
{
    public const string SectionName = "Mail";

    /// <summary>The outbox publishes within a second; a minute behind means the broker, the journal or the outbox is stuck.</summary>
    public TimeSpan OutboxStallAfter { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<string> Validate()
    {
        if (OutboxStallAfter <= TimeSpan.Zero)
            yield return $"Mail__OutboxStallAfter must be positive, not {OutboxStallAfter}";
    }
}
