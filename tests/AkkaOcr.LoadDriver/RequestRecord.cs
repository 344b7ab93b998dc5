namespace AkkaOcr.LoadDriver;

/// <summary>
/// One HTTP request the driver sent: which operation, for which account, when, how long it took and
/// how it ended. <see cref="Status"/> is null when no response came (timeout, refused connection).
/// </summary>
public sealed record RequestRecord(
    long Sequence,
    string Operation,
    string Account,
    DateTimeOffset StartedAt,
    TimeSpan Latency,
    int? Status,
    bool Succeeded,
    string? Error)
{
    public DateTimeOffset EndedAt => StartedAt + Latency;

    public override string ToString() =>
        $"#{Sequence} {Operation} {Account} at {StartedAt:HH:mm:ss.fff} took {Latency.TotalMilliseconds:0} ms: " +
        (Status is { } status ? status.ToString() : "no response") + (Error is null ? "" : $" ({Error})");
}
