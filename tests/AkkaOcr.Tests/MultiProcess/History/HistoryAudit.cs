using System.Diagnostics;
using AkkaOcr.LoadDriver;
using Npgsql;

namespace AkkaOcr.Tests.MultiProcess.History;

/// <summary>
/// The end of every fault test: the operations of its request logs judged against its cluster's journal
/// and SMTP server, the summary written to the test output, and the test failed on any violation. Mail
/// lags the journal (outbox, queue, notifier), so the check is repeated until every mail event was
/// mailed or <see cref="MailTimeout"/> passed.
/// </summary>
public static class HistoryAudit
{
    public static readonly TimeSpan MailTimeout = TimeSpan.FromSeconds(60);

    /// <param name="logs">Every client's log of the run, the audit's own included: a retried registration answered 409 is judged with the attempt before it.</param>
    /// <param name="context">Added to the failure message (the nodes' logs, say).</param>
    /// <param name="more">Operations a test sent itself rather than through a client's log (a job upload, say).</param>
    public static async Task<HistoryReport> AssertCleanAsync(ITestOutputHelper output, ClusterEnvironment environment, string run,
        IEnumerable<RequestLog> logs, Func<string>? context = null, IEnumerable<HistoryOperation>? more = null)
    {
        var operations = logs.SelectMany(log => log.Records).Select(HistoryOperation.From).Concat(more ?? []).ToList();
        var watch = Stopwatch.StartNew();
        HistoryReport report;
        while (true)
        {
            var journal = await ReadJournalAsync(environment.Database.ConnectionString);
            report = HistoryChecker.Check(operations, journal, environment.Smtp.Received.Select(mail => mail.MessageId).ToList());
            if (report.NeverMailed.Count == 0 || watch.Elapsed > MailTimeout)
                break;
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
        output.WriteLine(report.Summary(run));
        Assert.True(report.IsClean, $"the history of {run} is not clean:{Environment.NewLine}{report.Summary(run)}{context?.Invoke()}");
        return report;
    }

    public static async Task<IReadOnlyList<JournalEvent>> ReadJournalAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand("SELECT persistence_id, sequence_number, manifest FROM journal", connection);
        await using var reader = await select.ExecuteReaderAsync();
        var events = new List<JournalEvent>();
        while (await reader.ReadAsync())
            events.Add(new JournalEvent(reader.GetString(0), reader.GetInt64(1), reader.GetString(2)));
        return events;
    }
}
