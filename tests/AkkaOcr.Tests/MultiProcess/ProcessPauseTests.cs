using System.Diagnostics;
using AkkaOcr.LoadDriver;
using AkkaOcr.ServiceDefaults.Cluster;
using AkkaOcr.Tests.MultiProcess.History;

namespace AkkaOcr.Tests.MultiProcess;

/// <summary>
/// A process frozen (SIGSTOP) longer than the split brain resolver waits, then let run again (SIGCONT), as
/// a long GC pause or a stalled virtual machine would: the oldest users node, which holds the shard
/// coordinator and the mail outbox singleton. The others down it and take its work over; when it wakes
/// it must find itself downed and exit, not serve or mail beside its successor.
/// </summary>
[Collection(nameof(MultiProcessCluster))]
public sealed class ProcessPauseTests(ITestOutputHelper output)
{
    /// <summary>
    /// Past the split brain resolver's stable-after, twice over: once for failure detection and the
    /// decision, once for the removal, so that the node wakes to a cluster that has already removed it.
    /// </summary>
    private static readonly TimeSpan PauseLength = ClusterHosting.SplitBrainStableAfter * 2 + TimeSpan.FromSeconds(6);

    /// <summary>The line a users node logs each time its mail outbox starts reading the journal.</summary>
    private const string OutboxStarted = "Mail outbox publishing from journal offset";

    [Fact]
    public async Task The_oldest_users_node_paused_past_stable_after_exits_on_waking_while_its_shards_and_mail_outbox_run_once_elsewhere()
    {
        await using var environment = await ClusterEnvironment.CreateAsync();
        await using var cluster = environment.CreateCluster();
        await cluster.ExplainFailuresAsync(async () =>
        {
            var (paused, survivor, gateway) = await cluster.StartTwoUsersNodesAsync();
            var otp = new SmtpOtpSource(environment.Smtp);
            await using var load = UsersNodeFaultLoad.Start(gateway.Spec.BaseAddress, otp);
            await load.WaitForRequestsAsync(30, TimeSpan.FromSeconds(90));

            PosixSignals.Send(paused.Pid, PosixSignals.Stop);
            var pausedFor = Stopwatch.StartNew();
            try
            {
                await Task.Delay(PauseLength);
            }
            finally
            {
                PosixSignals.Send(paused.Pid, PosixSignals.Continue);
            }
            var resumedAt = DateTimeOffset.UtcNow;
            output.WriteLine($"users-1 stopped for {pausedFor.Elapsed.TotalSeconds:0.0} s (stable-after {ClusterHosting.SplitBrainStableAfter.TotalSeconds:0} s)");

            var exited = await paused.WaitForExitAsync(TimeSpan.FromSeconds(60));
            var exitedAfter = DateTimeOffset.UtcNow - resumedAt;
            var recovery = await EveryShard.WaitUntilAnswersAsync(gateway.Spec.BaseAddress, TimeSpan.FromSeconds(60));
            await UsersNodeFaultLoad.WaitForVerificationSinceAsync(load, resumedAt, TimeSpan.FromSeconds(90));
            await load.WaitForRequestsAsync(load.Log.Count + 30, TimeSpan.FromSeconds(60));
            await load.StopAsync(TimeSpan.FromSeconds(120));

            var audit = new AuthClient(new HttpClient { BaseAddress = gateway.Spec.BaseAddress, Timeout = TimeSpan.FromSeconds(20) }, new RequestLog());
            var lost = await AccountAudit.FindLostAsync(audit, otp, load.Accounts.Registered, UsersNodeFaultLoad.MailTimeout, 4, CancellationToken.None);
            var outboxStartsOnPaused = File.ReadLines(paused.Output.LogFile).Count(line => line.Contains(OutboxStarted, StringComparison.Ordinal));
            var outboxStartsOnSurvivor = File.ReadLines(survivor.Output.LogFile).Count(line => line.Contains(OutboxStarted, StringComparison.Ordinal));
            output.WriteLine($"users-1 {(exited ? $"exited with {paused.ExitCode} {exitedAfter.TotalSeconds:0.0} s after SIGCONT" : "still runs")}; " +
                             $"every shard answered {recovery.TotalSeconds:0.0} s after that; mail outbox started {outboxStartsOnPaused} time(s) on users-1, " +
                             $"{outboxStartsOnSurvivor} on users-2{Environment.NewLine}{load.Log.Summary()}");
            var context = $"{Environment.NewLine}{load.Log.Summary()}{cluster.Describe()}";

            Assert.True(exited, $"users-1 still runs 60 s after it woke to a cluster that had downed it{context}");
            Assert.True(outboxStartsOnPaused == 1, $"the mail outbox started {outboxStartsOnPaused} times on users-1, which held it only before the pause{context}");
            Assert.True(outboxStartsOnSurvivor == 1, $"the mail outbox started {outboxStartsOnSurvivor} times on users-2, not once{context}");
            Assert.True(lost.Count == 0, $"acknowledged accounts lost or unusable:{Environment.NewLine}{string.Join(Environment.NewLine, lost)}{context}");
            await HistoryAudit.AssertCleanAsync(output, environment, "oldest users node paused", [load.Log, audit.Log], () => cluster.Describe());
        });
    }
}
