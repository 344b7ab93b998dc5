using System.Text;

namespace AkkaOcr.Tests.History;

/// <summary>
/// What the checker found in one run. <see cref="Violations"/> are broken guarantees; the counts are the
/// run's summary: operations, acknowledged writes, lost (acknowledged, absent), duplicated (a second
/// registration of one address, a code mailed more than once) and ambiguous operations (no answer, or
/// 5xx, whose effect may or may not exist) with what became of them: took effect, did not, or was
/// done again by a later attempt that was acknowledged.
/// </summary>
public sealed record HistoryReport(
    string Run,
    int Operations,
    int Acknowledged,
    int Lost,
    int DuplicatedRegistrations,
    int DuplicatedMails,
    int Ambiguous,
    int AmbiguousPresent,
    int AmbiguousAbsent,
    int AmbiguousRetried,
    int CodesIssued,
    int MailsReceived,
    IReadOnlyList<string> Violations)
{
    public bool IsClean => Violations.Count == 0;

    public string Summary()
    {
        var text = new StringBuilder();
        text.Append($"history of {Run}: {Operations} operations, {Acknowledged} acknowledged writes, {Lost} lost, ");
        text.Append($"{DuplicatedRegistrations} duplicated registrations, {DuplicatedMails} duplicated mails ({CodesIssued} codes issued, {MailsReceived} mails received), ");
        text.Append($"{Ambiguous} ambiguous ({AmbiguousPresent} took effect, {AmbiguousAbsent} did not, {AmbiguousRetried} done again by an acknowledged retry); ");
        text.Append(IsClean ? "clean" : $"{Violations.Count} violations:");
        foreach (var violation in Violations)
            text.Append(Environment.NewLine).Append("  ").Append(violation);
        return text.ToString();
    }
}
