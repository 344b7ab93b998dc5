using System.Diagnostics;
using AkkaOcr.Gateway.Users;
using AkkaOcr.LoadDriver;
using AkkaOcr.ServiceDefaults.Cluster;
using AkkaOcr.Tests.History;

namespace AkkaOcr.Tests.MultiProcess;

/// <summary>
/// A node that stops answering without dying: SIGSTOP, as a long GC pause, a frozen VM or a saturated
/// host would. The paused node is the oldest users node, which holds the shard coordinator and the mail
/// outbox singleton. Past the split brain resolver's stable-after the others down it; when it runs
/// again it must learn that and stop, not go on as a second coordinator or outbox.
/// </summary>
[Collection(nameof(MultiProcessCluster))]
public sealed class PauseTests(ITestOutputHelper output)
{
    /// <summary>Unreachable after the failure detector's pause (a few seconds), then stable-after, then some margin.</summary>
    private static readonly TimeSpan PausedFor = ClusterHosting.SplitBrainStableAfter + TimeSpan.FromSeconds(13);

    private static readonly TimeSpan FailFastBound = UserShardClient.AskTimeout + TimeSpan.FromSeconds(3);

    [Fact]
    public async Task The_oldest_users_node_paused_past_stable_after_is_downed_stops_itself_when_resumed_and_nothing_is_lost()
    {
        await using var environment = await ClusterEnvironment.CreateAsync();
        await using var cluster = environment.CreateCluster();
        await cluster.ExplainFailuresAsync(async () =>
        {
            var (oldest, _, gateway) = await cluster.StartTwoUsersNodesAsync();
            var otp = new SmtpOtpSource(environment.Smtp);
            await using var load = LoadRun.Start(new LoadOptions
            {
                Gateway = gateway.Spec.BaseAddress,
                Concurrency = 4,
                Duration = TimeSpan.FromMinutes(3),
                RequestTimeout = TimeSpan.FromSeconds(20),
                MailTimeout = TimeSpan.FromSeconds(60),
            }, otp);
            await load.WaitForRequestsAsync(40, TimeSpan.FromSeconds(90));

            PosixSignals.Send(oldest.Pid, PosixSignals.Stop);
            var pausedAt = DateTimeOffset.UtcNow;
            var paused = Stopwatch.StartNew();
            try
            {
                // While it is stopped the survivors must take over: every shard answers before it runs again.
                var recovery = await ShardProbe.WaitUntilEveryShardAnswersAsync(gateway.Spec.BaseAddress, PausedFor + TimeSpan.FromSeconds(40));
                output.WriteLine($"every shard answered {recovery.TotalSeconds:0.0} s after the pause began");
                if (paused.Elapsed < PausedFor)
                    await Task.Delay(PausedFor - paused.Elapsed);
            }
            finally
            {
                PosixSignals.Send(oldest.Pid, PosixSignals.Continue);
            }
            var resumedAt = DateTimeOffset.UtcNow;

            // Resumed, it hears it was downed and shuts itself down.
            var stoppedItself = await oldest.WaitForExitAsync(TimeSpan.FromSeconds(60));
            await load.WaitForRequestsAsync(load.Log.Count + 40, TimeSpan.FromSeconds(90));
            await load.StopAsync(TimeSpan.FromSeconds(120));

            var records = load.Log.Records;
            output.WriteLine($"paused {PausedFor.TotalSeconds:0} s; {records.Count} requests, {load.Log.Failures.Count} failed; " +
                             $"paused node {(stoppedItself ? $"exited with {oldest.ExitCode}" : "still running")} after it was resumed" +
                             $"{Environment.NewLine}{load.Log.Summary()}");
            var context = $"{Environment.NewLine}{load.Log.Summary()}{cluster.Describe()}";
            Assert.True(stoppedItself, $"the downed node went on running after it was resumed{context}");

            var notFast503 = records.Where(record => !record.Succeeded && record.Status != 503 || record.Latency > FailFastBound).ToList();
            Assert.True(notFast503.Count == 0,
                $"requests that failed otherwise than with a prompt 503, or hung:{Environment.NewLine}{string.Join(Environment.NewLine, notFast503)}{context}");
            // The outbox singleton runs on the survivor: codes issued after the pause began were mailed and used.
            Assert.True(records.Any(record => record is { Operation: AuthClient.VerifyOtp, Succeeded: true } && record.StartedAt > pausedAt),
                $"no code issued after the pause began was mailed and verified{context}");
            Assert.True(records.Any(record => record.Succeeded && record.StartedAt > resumedAt), $"nothing succeeded after the node was resumed{context}");

            var audit = new AuthClient(new HttpClient { BaseAddress = gateway.Spec.BaseAddress, Timeout = TimeSpan.FromSeconds(15) }, new RequestLog());
            var lost = await AccountAudit.FindLostAsync(audit, otp, load.Accounts.Registered, TimeSpan.FromSeconds(30), 4, CancellationToken.None);
            Assert.True(lost.Count == 0, $"acknowledged accounts lost or unusable:{Environment.NewLine}{string.Join(Environment.NewLine, lost)}{context}");
            var report = await HistoryAssert.CleanAsync("the oldest users node paused", records.Concat(audit.Log.Records),
                environment.Database.ConnectionString, environment.Smtp, output, context);
            // No notifier died, so nothing forces a second copy: two outboxes at once would show here.
            Assert.True(report.DuplicatedMails == 0, $"{report.DuplicatedMails} mails arrived twice{context}");
        });
    }
}
