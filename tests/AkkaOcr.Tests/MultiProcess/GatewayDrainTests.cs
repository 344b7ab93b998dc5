using System.Net;
using AkkaOcr.LoadDriver;
using AkkaOcr.ServiceDefaults.Cluster;

namespace AkkaOcr.Tests.MultiProcess;

[Collection(nameof(MultiProcessCluster))]
public sealed class GatewayDrainTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_gateway_stopped_with_sigterm_under_load_turns_unready_first_and_finishes_every_request_it_accepted()
    {
        await using var environment = await ClusterEnvironment.CreateAsync();
        await using var cluster = environment.CreateCluster();
        await cluster.ExplainFailuresAsync(async () =>
        {
            var nodes = await cluster.StartAllReadyAsync(
                ClusterHarness.Node("users-1", ClusterRoles.Users, ClusterRoles.Notifier),
                ClusterHarness.Gateway("gateway"));
            var gateway = nodes[1];
            var otp = new SmtpOtpSource(environment.Smtp);
            await WarmUp.UntilWritesAnswerAsync(gateway.Spec.BaseAddress, TimeSpan.FromSeconds(90));

            await using var load = LoadRun.Start(new LoadOptions { Gateway = gateway.Spec.BaseAddress, Concurrency = 4, Duration = TimeSpan.FromMinutes(2) }, otp);
            await load.WaitForRequestsAsync(40, TimeSpan.FromSeconds(90));

            var stoppedAt = DateTimeOffset.UtcNow;
            var (stoppedByItself, readiness) = await gateway.StopWhileProbingReadinessAsync(ClusterHarness.StopTimeout);
            var exitedAt = DateTimeOffset.UtcNow;
            await load.StopAsync(TimeSpan.FromSeconds(30));

            var records = load.Log.Records;
            output.WriteLine($"{records.Count} requests, {records.Count(record => record.StartedAt >= stoppedAt)} started after SIGTERM; " +
                             $"exit {(exitedAt - stoppedAt).TotalSeconds:0.0} s after it{Environment.NewLine}{load.Log.Summary()}");
            var context = $"{load.Log.Summary()}{Environment.NewLine}{cluster.Describe()}";
            Assert.True(stoppedByItself, $"the gateway did not stop within {ClusterHarness.StopTimeout.TotalSeconds:0} s of SIGTERM{context}");
            Assert.True(gateway.ExitCode == 0, $"the gateway exited with {gateway.ExitCode}{context}");

            // Balancers learn first: 503 on readiness while the gateway still answers. Its public body names no
            // check; with the cluster up all along, stopping is what turned it.
            Assert.Contains(readiness, probe => probe.Status == HttpStatusCode.ServiceUnavailable && probe.Body == "{\"status\":\"Unhealthy\"}");
            // Requests kept succeeding through the readiness window; once the port closed, new connections
            // were refused, which a client can retry safely. Nothing it had accepted failed or was cut off.
            Assert.Contains(records, record => record.Succeeded && record.StartedAt >= stoppedAt);
            var lost = records.Where(record => !record.Succeeded && !IsRefusedConnection(record)).ToList();
            Assert.True(lost.Count == 0, $"requests the gateway accepted but did not finish:{Environment.NewLine}{string.Join(Environment.NewLine, lost)}{context}");
        });
    }

    private static bool IsRefusedConnection(RequestRecord record) =>
        record.Status is null && record.Error is { } error && error.Contains("Connection refused", StringComparison.OrdinalIgnoreCase);
}
