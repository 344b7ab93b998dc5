using AkkaOcr.LoadDriver;
using AkkaOcr.Tests.MultiProcess.History;

namespace AkkaOcr.Tests.MultiProcess;

/// <summary>
/// Real network partitions between the cluster's processes (<see cref="LoopbackPartition"/>) under write
/// load, in a cluster of two users nodes, a notifier and a gateway. The split brain resolver keeps the
/// majority: the side of one users node alone downs itself and exits, the other three keep serving with
/// all of its shards, and the history stays clean. Once with the younger users node cut off for good, once
/// with the oldest (shard coordinator, mail outbox) cut off and the cut healed after 20 s.
/// </summary>
[Collection(nameof(MultiProcessCluster))]
public sealed class NetworkPartitionTests(ITestOutputHelper output)
{
    private static readonly TimeSpan HealAfter = TimeSpan.FromSeconds(20);

    /// <summary>From the cut to the minority's exit: failure detection, stable-after, then its coordinated shutdown.</summary>
    private static readonly TimeSpan ExitBound = TimeSpan.FromSeconds(60);

    private const string OutboxStarted = "Mail outbox publishing from journal offset";

    [Fact]
    public async Task A_users_node_cut_off_from_the_majority_downs_itself_while_the_majority_keeps_serving_with_a_clean_history()
    {
        await RunAsync("younger users node cut off", cutOldest: false, healAfter: null);
    }

    [Fact]
    public async Task The_oldest_users_node_cut_off_both_ways_for_20_s_exits_and_its_shards_and_mail_outbox_run_once_on_the_majority()
    {
        await RunAsync("oldest users node cut off, healed after 20 s", cutOldest: true, healAfter: HealAfter);
    }

    /// <param name="healAfter">When to let traffic through again; null to keep the cut until the minority has exited.</param>
    private async Task RunAsync(string run, bool cutOldest, TimeSpan? healAfter)
    {
        await using var environment = await ClusterEnvironment.CreateAsync();
        await using var cluster = environment.CreateCluster();
        await cluster.ExplainFailuresAsync(async () =>
        {
            var (users1, users2, gateway) = await cluster.StartTwoUsersNodesAsync();
            var minority = cutOldest ? users1 : users2;
            var majority = cluster.Running.Where(node => node != minority).ToList();
            var otp = new SmtpOtpSource(environment.Smtp);
            await using var load = UsersNodeFaultLoad.Start(gateway.Spec.BaseAddress, otp);
            await load.WaitForRequestsAsync(30, TimeSpan.FromSeconds(90));

            var cutAt = DateTimeOffset.UtcNow;
            await using var partition = await LoopbackPartition.CutAsync([minority], majority);
            output.WriteLine(partition.Fallback ??
                             $"{run}: nft cut {partition.ConnectionsCut} connections between {minority.Name} and {string.Join(", ", majority.Select(node => node.Name))}");
            // A frozen process cannot exit, so the fallback always heals: the node then wakes to a cluster that removed it.
            var heal = healAfter ?? (partition.Fallback is null ? null : HealAfter);
            if (heal is { } after)
            {
                await Task.Delay(after);
                await partition.HealAsync();
            }
            var exited = await minority.WaitForExitAsync(ExitBound);
            var exitedAfter = DateTimeOffset.UtcNow - cutAt;
            await partition.HealAsync();
            var recovery = await EveryShard.WaitUntilAnswersAsync(gateway.Spec.BaseAddress, TimeSpan.FromSeconds(60));
            var servingSince = DateTimeOffset.UtcNow;
            await UsersNodeFaultLoad.WaitForVerificationSinceAsync(load, servingSince, TimeSpan.FromSeconds(90));
            await load.WaitForRequestsAsync(load.Log.Count + 30, TimeSpan.FromSeconds(60));
            await load.StopAsync(TimeSpan.FromSeconds(120));

            var audit = new AuthClient(new HttpClient { BaseAddress = gateway.Spec.BaseAddress, Timeout = TimeSpan.FromSeconds(20) }, new RequestLog());
            var lost = await AccountAudit.FindLostAsync(audit, otp, load.Accounts.Registered, UsersNodeFaultLoad.MailTimeout, 4, CancellationToken.None);
            var outboxStarts = cluster.Started.ToDictionary(node => node.Name,
                node => File.ReadLines(node.Output.LogFile).Count(line => line.Contains(OutboxStarted, StringComparison.Ordinal)));
            output.WriteLine($"{run}: {minority.Name} {(exited ? $"exited with {minority.ExitCode} {exitedAfter.TotalSeconds:0.0} s after the cut" : "still runs")}; " +
                             $"every shard answered {recovery.TotalSeconds:0.0} s after that; mail outbox started on users-1 {outboxStarts["users-1"]} time(s), " +
                             $"on users-2 {outboxStarts["users-2"]}{Environment.NewLine}{load.Log.Summary()}");
            var context = $"{Environment.NewLine}{load.Log.Summary()}{cluster.Describe()}";

            Assert.True(exited, $"{minority.Name} still runs {ExitBound.TotalSeconds:0} s after it was cut off from the majority{context}");
            Assert.All(majority, node => Assert.False(node.HasExited, $"{node} of the majority exited{context}"));
            // The outbox runs on the oldest users node: on users-1 from the start, and on users-2 only once users-1 is gone.
            foreach (var (name, expected) in new[] { ("users-1", 1), ("users-2", cutOldest ? 1 : 0) })
                Assert.True(outboxStarts[name] == expected, $"the mail outbox started {outboxStarts[name]} times on {name}, not {expected}{context}");
            Assert.True(lost.Count == 0, $"acknowledged accounts lost or unusable:{Environment.NewLine}{string.Join(Environment.NewLine, lost)}{context}");
            await HistoryAudit.AssertCleanAsync(output, environment, run, [load.Log, audit.Log], () => cluster.Describe());
        });
    }
}
