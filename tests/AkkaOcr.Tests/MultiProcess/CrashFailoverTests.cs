using System.Diagnostics;
using AkkaOcr.Gateway.Users;
using AkkaOcr.LoadDriver;
using AkkaOcr.Tests.MultiProcess.History;

namespace AkkaOcr.Tests.MultiProcess;

[Collection(nameof(MultiProcessCluster))]
public sealed class CrashFailoverTests(ITestOutputHelper output)
{
    /// <summary>What the issue asks of failover: the cluster serves every shard again within this time of the crash.</summary>
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(30);

    /// <summary>A 503 comes when the Ask times out; hashing and a busy 2-core machine may add a little to it, never much.</summary>
    private static readonly TimeSpan FailFastBound = UserShardClient.AskTimeout + TimeSpan.FromSeconds(3);

    [Fact]
    public async Task A_users_node_killed_under_load_costs_only_fast_503s_until_its_shards_recover_and_no_acknowledged_account()
    {
        await using var environment = await ClusterEnvironment.CreateAsync();
        await using var cluster = environment.CreateCluster();
        await cluster.ExplainFailuresAsync(async () =>
        {
            // The younger users node crashes: the shard coordinator and the mail outbox stay up on the older
            // one, so what is measured is the failover of the crashed node's shards.
            var (_, crashing, gateway) = await cluster.StartTwoUsersNodesAsync();
            var otp = new SmtpOtpSource(environment.Smtp);

            await using var load = LoadRun.Start(new LoadOptions
            {
                Gateway = gateway.Spec.BaseAddress,
                Concurrency = 4,
                Duration = TimeSpan.FromMinutes(2),
                RequestTimeout = TimeSpan.FromSeconds(20),
                MailTimeout = TimeSpan.FromSeconds(60),
            }, otp);
            await load.WaitForRequestsAsync(40, TimeSpan.FromSeconds(90));

            await crashing.KillAsync();
            var crashedAt = Stopwatch.StartNew();
            var recovery = await EveryShard.WaitUntilAnswersAsync(gateway.Spec.BaseAddress, RecoveryBound + TimeSpan.FromSeconds(30));
            var requestsAtRecovery = load.Log.Count;
            await load.WaitForRequestsAsync(requestsAtRecovery + 40, TimeSpan.FromSeconds(90));
            await load.StopAsync(TimeSpan.FromSeconds(120));

            output.WriteLine($"recovered {recovery.TotalSeconds:0.0} s after the crash; {load.FlowsStarted} flows, {load.Log.Count} requests, " +
                             $"{load.Log.Failures.Count} failed{Environment.NewLine}{load.Log.Summary()}");
            var context = $"{load.Log.Summary()}{Environment.NewLine}{cluster.Describe()}";
            Assert.True(recovery <= RecoveryBound, $"every shard answered again only {recovery.TotalSeconds:0.0} s after the crash{context}");

            var notFast503 = load.Log.Records.Where(record => !record.Succeeded && record.Status != 503 || record.Latency > FailFastBound).ToList();
            Assert.True(notFast503.Count == 0,
                $"requests that failed otherwise than with a prompt 503, or hung:{Environment.NewLine}{string.Join(Environment.NewLine, notFast503)}{context}");
            // Failures belong to the failover: none after every shard answered again.
            var recoveredAt = DateTimeOffset.UtcNow - (crashedAt.Elapsed - recovery);
            var late = load.Log.Failures.Where(record => record.StartedAt > recoveredAt + TimeSpan.FromSeconds(1)).ToList();
            Assert.True(late.Count == 0, $"failures after recovery:{Environment.NewLine}{string.Join(Environment.NewLine, late)}{context}");

            var audit = new AuthClient(new HttpClient { BaseAddress = gateway.Spec.BaseAddress, Timeout = TimeSpan.FromSeconds(15) }, new RequestLog());
            var lost = await AccountAudit.FindLostAsync(audit, otp, load.Accounts.Registered, TimeSpan.FromSeconds(30), 4, CancellationToken.None);
            Assert.True(lost.Count == 0, $"acknowledged accounts lost or unusable:{Environment.NewLine}{string.Join(Environment.NewLine, lost)}{context}");
            await HistoryAudit.AssertCleanAsync(output, environment, "users node killed", [load.Log, audit.Log], () => cluster.Describe());
        });
    }
}
