using System.Text;

namespace AkkaOcr.Tests.MultiProcess.History;

/// <summary>
/// What the history checker found in one run: the counts of its summary, and every violation, one line
/// each. A run is clean when <see cref="Violations"/> is empty; ambiguous operations and mail copies are
/// reported, not failed, since the contract allows either outcome for the one and at-least-once for the other.
/// </summary>
public sealed class HistoryReport
{
    public required int Operations { get; init; }

    /// <summary>Operations of a judged kind (a write) answered with the contract's success.</summary>
    public required int Acknowledged { get; init; }

    /// <summary>Acknowledged writes whose event is not in the journal.</summary>
    public required IReadOnlyList<string> Lost { get; init; }

    /// <summary>Events written more than once: a second registration of an address, a sequence number taken twice.</summary>
    public required IReadOnlyList<string> Duplicated { get; init; }

    /// <summary>Persistence ids whose sequence numbers do not run 1, 2, 3, … without a hole.</summary>
    public required IReadOnlyList<string> Gaps { get; init; }

    /// <summary>Writes whose every attempt was refused (4xx), yet whose event is in the journal.</summary>
    public required IReadOnlyList<string> RefusedButWritten { get; init; }

    /// <summary>Writes answered 503 or not at all, with what became of each: present or absent.</summary>
    public required IReadOnlyList<(HistoryOperation Operation, bool Present)> Ambiguous { get; init; }

    public required int JournalEvents { get; init; }

    public required int MailEvents { get; init; }

    /// <summary>Mail events (<c>OtpIssued</c>, <c>OcrCompleted</c>) whose Message-ID the SMTP server never received.</summary>
    public required IReadOnlyList<string> NeverMailed { get; init; }

    /// <summary>Mail whose Message-ID names no event in the journal.</summary>
    public required IReadOnlyList<string> MailWithoutEvent { get; init; }

    /// <summary>Deliveries beyond the first of a Message-ID: at-least-once delivery allows them; they are counted.</summary>
    public required int MailCopies { get; init; }

    public IReadOnlyList<string> Violations =>
    [
        .. Lost.Select(line => $"lost: {line}"),
        .. Duplicated.Select(line => $"duplicated: {line}"),
        .. Gaps.Select(line => $"gap: {line}"),
        .. RefusedButWritten.Select(line => $"refused but written: {line}"),
        .. NeverMailed.Select(line => $"never mailed: {line}"),
        .. MailWithoutEvent.Select(line => $"mail without event: {line}"),
    ];

    public bool IsClean => Violations.Count == 0;

    /// <summary>One line of counts, then each violation, for the test output.</summary>
    public string Summary(string run)
    {
        var present = Ambiguous.Count(entry => entry.Present);
        var text = new StringBuilder(
            $"history [{run}]: {Operations} operations, {Acknowledged} acknowledged writes, {Lost.Count} lost, {Duplicated.Count} duplicated, " +
            $"{Gaps.Count} gaps, {RefusedButWritten.Count} refused but written, {Ambiguous.Count} ambiguous ({present} present, " +
            $"{Ambiguous.Count - present} absent); journal: {JournalEvents} events; mail: {MailEvents} mail events, {NeverMailed.Count} never mailed, " +
            $"{MailWithoutEvent.Count} without event, {MailCopies} copies");
        foreach (var violation in Violations)
            text.AppendLine().Append("  ").Append(violation);
        foreach (var (operation, isPresent) in Ambiguous)
            text.AppendLine().Append($"  ambiguous, {(isPresent ? "present" : "absent")}: {operation}");
        return text.ToString();
    }
}
