using AkkaOcr.LoadDriver;

namespace AkkaOcr.Tests.MultiProcess.History;

/// <summary>
/// One operation a client sent during a run: its kind (<see cref="AuthClient.Register"/>, …), the key it
/// writes under (an e-mail address, a job id), the client's request id, when it started and ended, and the
/// answer: a status, or none with the error (a timeout, a refused connection).
/// </summary>
public sealed record HistoryOperation(
    string Kind, string Key, long RequestId, DateTimeOffset StartedAt, DateTimeOffset EndedAt, int? Status, string? Error, OperationOutcome Outcome)
{
    /// <summary>A recorded request; its <see cref="RequestRecord.Succeeded"/> is whether the answer was the contract's success.</summary>
    public static HistoryOperation From(RequestRecord record) =>
        new(record.Operation, record.Account, record.Sequence, record.StartedAt, record.EndedAt, record.Status, record.Error, OutcomeOf(record));

    private static OperationOutcome OutcomeOf(RequestRecord record) => record switch
    {
        { Succeeded: true } => OperationOutcome.Acknowledged,
        { Status: >= 400 and < 500 } => OperationOutcome.Refused,
        _ => OperationOutcome.Ambiguous,
    };

    public override string ToString() =>
        $"#{RequestId} {Kind} {Key} {StartedAt:HH:mm:ss.fff}–{EndedAt:HH:mm:ss.fff}: " +
        (Status is { } status ? status.ToString() : "no answer") + (Error is null ? "" : $" ({Error})");
}
