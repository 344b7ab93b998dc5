using System.Net;
using AkkaOcr.LoadDriver;

namespace AkkaOcr.Tests.MultiProcess;

[Collection(nameof(MultiProcessCluster))]
public sealed class GracefulLeaveTests(ITestOutputHelper output)
{
    // Sharding drops the messages that reach the leaving node between the begin and the end of a shard's
    // hand-off; the gateway's copies (UserShardClient) are what keep this test free of failed requests.
    [Fact]
    public async Task A_users_node_stopped_with_sigterm_under_load_hands_off_its_shards_without_a_failed_request()
    {
        await using var environment = await ClusterEnvironment.CreateAsync();
        await using var cluster = environment.CreateCluster();
        await cluster.ExplainFailuresAsync(async () =>
        {
            // The oldest users node leaves: its shard coordinator and mail outbox must move too.
            var (leaving, _, gateway) = await cluster.StartTwoUsersNodesAsync();
            var otp = new SmtpOtpSource(environment.Smtp);

            await using var load = LoadRun.Start(new LoadOptions { Gateway = gateway.Spec.BaseAddress, Concurrency = 4, Duration = TimeSpan.FromMinutes(2) }, otp);
            await load.WaitForRequestsAsync(40, TimeSpan.FromSeconds(90));

            var (stoppedByItself, readiness) = await leaving.StopWhileProbingReadinessAsync(ClusterHarness.StopTimeout);

            var requestsAtLeave = load.Log.Count;
            await load.WaitForRequestsAsync(requestsAtLeave + 40, TimeSpan.FromSeconds(90));
            await load.StopAsync(TimeSpan.FromSeconds(90));

            output.WriteLine($"{load.FlowsStarted} flows, {load.Log.Count} requests, {requestsAtLeave} before users-1 left{Environment.NewLine}{load.Log.Summary()}");
            output.WriteLine($"messages dropped by users-1 in hand-offs (sharding's warnings): {leaving.Output.Count("during hand off")}; " +
                             $"requests the gateway sent again: {gateway.Output.Count("sending it again")}");
            var context = $"{load.Log.Summary()}{Environment.NewLine}{cluster.Describe()}";
            Assert.True(stoppedByItself, $"users-1 did not stop within {ClusterHarness.StopTimeout.TotalSeconds:0} s of SIGTERM{context}");
            Assert.True(leaving.ExitCode == 0, $"users-1 exited with {leaving.ExitCode}{context}");
            Assert.True(load.Log.Failures.Count == 0, $"failed requests:{Environment.NewLine}{string.Join(Environment.NewLine, load.Log.Failures)}{context}");

            // Unready while still an Up member: balancers learn of the stop before the node leaves.
            var probes = string.Join(Environment.NewLine, readiness);
            Assert.Contains(readiness, probe => probe.Status == HttpStatusCode.ServiceUnavailable &&
                                                probe.Body.Contains("\"stopping\":{\"status\":\"Unhealthy\"") &&
                                                probe.Body.Contains("\"cluster\":{\"status\":\"Healthy\""));
            Assert.DoesNotContain(readiness.SkipWhile(probe => probe.Status == HttpStatusCode.OK), probe => probe.Status == HttpStatusCode.OK);
            Assert.True(load.Accounts.Registered.Count > 10, $"only {load.Accounts.Registered.Count} accounts registered{Environment.NewLine}{probes}");

            var audit = new AuthClient(new HttpClient { BaseAddress = gateway.Spec.BaseAddress, Timeout = TimeSpan.FromSeconds(15) }, new RequestLog());
            var lost = await AccountAudit.FindLostAsync(audit, otp, load.Accounts.Registered, TimeSpan.FromSeconds(30), 4, CancellationToken.None);
            Assert.True(lost.Count == 0, $"accounts lost or unusable:{Environment.NewLine}{string.Join(Environment.NewLine, lost)}{context}");
        });
    }
}
