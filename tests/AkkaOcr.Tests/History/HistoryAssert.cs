using System.Diagnostics;
using AkkaOcr.LoadDriver;
using AkkaOcr.Tests.Infrastructure;

namespace AkkaOcr.Tests.History;

/// <summary>What every fault test ends with: the history checked against the journal and the SMTP server, its summary printed.</summary>
public static class HistoryAssert
{
    /// <summary>Mail is the one effect that follows its write later: codes issued last may still be on their way.</summary>
    private static readonly TimeSpan MailSettle = TimeSpan.FromSeconds(60);

    public static async Task<HistoryReport> CleanAsync(string run, IEnumerable<RequestRecord> operations, string connectionString,
        TestSmtpServer smtp, ITestOutputHelper output, string context = "")
    {
        var history = operations.ToList();
        var waited = Stopwatch.StartNew();
        HistoryReport report;
        do
        {
            var journal = await JournalSnapshot.ReadAsync(connectionString);
            report = HistoryChecker.Check(run, history, journal, smtp.Received.Select(mail => mail.MessageId ?? "(no Message-ID)").ToList());
            if (report.IsClean)
                break;
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        while (waited.Elapsed < MailSettle);
        output.WriteLine(report.Summary());
        Assert.True(report.IsClean, $"{report.Summary()}{context}");
        return report;
    }
}
