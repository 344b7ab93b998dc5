namespace AkkaOcr.Mail;

/// <summary>
/// <c>Notifier__BatchSize</c> and <c>Notifier__BatchWindow</c>: the notifier takes up to that many messages,
/// or what came within that window, and claims, mails and records them together.
/// </summary>
public sealed class NotifierSettings
{
    public const string SectionName = "Notifier";

    public const int MaxBatchSize = 1_000;

    public static readonly TimeSpan MaxBatchWindow = TimeSpan.FromSeconds(1);

    /// <summary>Large enough that a backlog costs one claim round trip per 64 mails, small enough that a batch is mailed within a second.</summary>
    public int BatchSize { get; set; } = 64;

    /// <summary>How long the first message of a batch waits for others: short enough to add nothing a person notices.</summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Unacknowledged messages per notifier: a batch being mailed by every worker and one more waiting for each.</summary>
    public ushort Prefetch => (ushort)(2 * MailDeliverySession.Workers * BatchSize);

    public IEnumerable<string> Validate()
    {
        if (BatchSize is < 1 or > MaxBatchSize)
            yield return $"Notifier__BatchSize must be between 1 and {MaxBatchSize}, not {BatchSize}";
        if (BatchWindow <= TimeSpan.Zero || BatchWindow > MaxBatchWindow)
            yield return $"Notifier__BatchWindow must be positive and at most {MaxBatchWindow}, not {BatchWindow}";
    }
}
