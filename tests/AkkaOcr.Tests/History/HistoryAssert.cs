using AkkaOcr.LoadDriver;
using AkkaOcr.Tests.Infrastructure;

namespace AkkaOcr.Tests.History;

/// <summary>What every fault test ends with: the history checked against the journal and the SMTP server, its summary printed.</summary>
public static class HistoryAssert
{
    public static async Task<HistoryReport> CleanAsync(string run, IEnumerable<RequestRecord> operations, string connectionString,
        TestSmtpServer smtp, ITestOutputHelper output, string context = "")
    {
        var journal = await JournalSnapshot.ReadAsync(connectionString);
        var report = HistoryChecker.Check(run, operations.ToList(), journal, smtp.Received.Select(mail => mail.MessageId ?? "(no Message-ID)").ToList());
        output.WriteLine(report.Summary());
        Assert.True(report.IsClean, $"{report.Summary()}{context}");
        return report;
    }
}
