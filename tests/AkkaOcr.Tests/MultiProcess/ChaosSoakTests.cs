using System.Diagnostics;
using System.Globalization;
using AkkaOcr.LoadDriver;
using AkkaOcr.ServiceDefaults.Cluster;
using AkkaOcr.Tests.MultiProcess.History;

namespace AkkaOcr.Tests.MultiProcess;

/// <summary>
/// The chaos soak, run by <c>bench/chaos.sh</c> and not by <c>./test.sh</c> (its category is left out
/// there): mixed load for <c>AKKAOCR_CHAOS_MINUTES</c> (10) while every 20 to 40 s a random back-end
/// node is killed (SIGKILL) or paused (SIGSTOP for 5 to 20 s, so some pauses outlast the split brain
/// resolver and get the node downed) and then brought back. At the end the history checker runs
/// and a table gives operations, errors by status, and lost, duplicated and ambiguous counts.
/// </summary>
[Collection(nameof(MultiProcessCluster))]
[Trait("Category", Category)]
public sealed class ChaosSoakTests(ITestOutputHelper output)
{
    public const string Category = "Soak";

    [Fact]
    public async Task Mixed_load_survives_random_kills_and_pauses_of_back_end_nodes_with_nothing_lost()
    {
        var minutes = double.Parse(Environment.GetEnvironmentVariable("AKKAOCR_CHAOS_MINUTES") ?? "10", CultureInfo.InvariantCulture);
        var seed = int.Parse(Environment.GetEnvironmentVariable("AKKAOCR_CHAOS_SEED") ?? Environment.TickCount.ToString(CultureInfo.InvariantCulture),
            CultureInfo.InvariantCulture);
        var random = new Random(seed);
        await using var environment = await ClusterEnvironment.CreateAsync();
        await using var cluster = environment.CreateCluster();
        await cluster.ExplainFailuresAsync(async () =>
        {
            // Three users nodes and two notifiers: any one of them may be down while the others keep a majority.
            NodeSpec[] backEnd =
            [
                ClusterHarness.Node("users-1", ClusterRoles.Users),
                ClusterHarness.Node("users-2", ClusterRoles.Users),
                ClusterHarness.Node("users-3", ClusterRoles.Users),
                ClusterHarness.Node("notifier-1", ClusterRoles.Notifier),
                ClusterHarness.Node("notifier-2", ClusterRoles.Notifier),
            ];
            var gatewaySpec = ClusterHarness.Gateway("gateway");
            await cluster.StartAllReadyAsync([.. backEnd, gatewaySpec]);
            var gateway = gatewaySpec.BaseAddress;
            await WarmUp.UntilWritesAnswerAsync(gateway, TimeSpan.FromSeconds(90));

            var otp = new SmtpOtpSource(environment.Smtp);
            var duration = TimeSpan.FromMinutes(minutes);
            await using var load = LoadRun.Start(new LoadOptions
            {
                Gateway = gateway,
                Concurrency = 4,
                MaxFlows = 1_000_000,
                MaxRequests = 1_000_000,
                Duration = duration,
                RequestTimeout = TimeSpan.FromSeconds(20),
                MailTimeout = TimeSpan.FromSeconds(90),
            }, otp);

            var faults = new List<string>();
            var soak = Stopwatch.StartNew();
            while (soak.Elapsed < duration - TimeSpan.FromSeconds(40))
            {
                await Task.Delay(TimeSpan.FromSeconds(random.Next(20, 41)));
                // A node downed later than the wait below allowed for is brought back now.
                foreach (var gone in backEnd.Where(spec => cluster.Running.All(running => running.Spec.Name != spec.Name)))
                {
                    await cluster.StartReadyAsync(gone);
                    faults.Add($"{soak.Elapsed:mm\\:ss} restarted {gone.Name}, which had stopped itself");
                }
                var spec = backEnd[random.Next(backEnd.Length)];
                var node = cluster.Running.LastOrDefault(running => running.Spec.Name == spec.Name);
                if (node is null)
                    continue;
                if (random.Next(2) == 0)
                {
                    await node.KillAsync();
                    faults.Add($"{soak.Elapsed:mm\\:ss} killed {spec.Name}");
                }
                else
                {
                    var pause = TimeSpan.FromSeconds(random.Next(5, 21));
                    PosixSignals.Send(node.Pid, PosixSignals.Stop);
                    await Task.Delay(pause);
                    PosixSignals.Send(node.Pid, PosixSignals.Continue);
                    // Paused past the split brain resolver, it was downed and stops itself; a shorter pause it rides out.
                    var downed = await node.WaitForExitAsync(TimeSpan.FromSeconds(20));
                    faults.Add($"{soak.Elapsed:mm\\:ss} paused {spec.Name} for {pause.TotalSeconds:0} s{(downed ? ", downed" : "")}");
                    if (!downed)
                        continue;
                }
                await cluster.StartReadyAsync(spec);
            }
            await load.StopAsync(TimeSpan.FromMinutes(3));

            var audit = new AuthClient(new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(15) }, new RequestLog());
            var context = $"{Environment.NewLine}{string.Join(Environment.NewLine, faults)}{Environment.NewLine}{load.Log.Summary()}{cluster.Describe()}";
            var lost = await AccountAudit.FindLostAsync(audit, otp, load.Accounts.Registered, TimeSpan.FromSeconds(60), 4, CancellationToken.None);
            var report = await HistoryAudit.AssertCleanAsync(output, environment, "chaos soak", [load.Log, audit.Log], () => context);

            var records = load.Log.Records;
            output.WriteLine($"chaos soak: {minutes:0.#} min, seed {seed}, {faults.Count} faults:");
            foreach (var fault in faults)
                output.WriteLine($"  {fault}");
            output.WriteLine("");
            output.WriteLine("| operations | succeeded | errors by status | lost | duplicated | mail copies | ambiguous (present / absent) | unusable accounts |");
            output.WriteLine("|---:|---:|---|---:|---:|---:|---|---:|");
            var errors = string.Join(", ", records.Where(record => !record.Succeeded)
                .GroupBy(record => record.Status?.ToString(CultureInfo.InvariantCulture) ?? "no answer")
                .OrderBy(group => group.Key, StringComparer.Ordinal).Select(group => $"{group.Key} × {group.Count()}"));
            var present = report.Ambiguous.Count(entry => entry.Present);
            output.WriteLine($"| {records.Count} | {records.Count(record => record.Succeeded)} | {(errors.Length == 0 ? "none" : errors)} | {report.Lost.Count} | " +
                             $"{report.Duplicated.Count} | {report.MailCopies} | {report.Ambiguous.Count} ({present} / {report.Ambiguous.Count - present}) | {lost.Count} |");
            Assert.True(faults.Count > 0, $"no fault was injected{context}");
            Assert.True(lost.Count == 0, $"acknowledged accounts lost or unusable:{Environment.NewLine}{string.Join(Environment.NewLine, lost)}{context}");
        });
    }
}
