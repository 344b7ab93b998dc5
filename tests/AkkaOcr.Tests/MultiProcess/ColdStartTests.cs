using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using AkkaOcr.ServiceDefaults.Cluster;

namespace AkkaOcr.Tests.MultiProcess;

/// <summary>
/// A cluster that says it is ready is ready: the first requests after every process's <c>/health/ready</c>
/// answered 200 are served, not answered 503 while the first shard and the first journal connection start.
/// </summary>
[Collection(nameof(MultiProcessCluster))]
public sealed class ColdStartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_first_registrations_and_logins_after_a_cold_cluster_says_ready_are_answered_201_and_200()
    {
        await using var environment = await ClusterEnvironment.CreateAsync();
        await using var cluster = environment.CreateCluster();
        await cluster.ExplainFailuresAsync(async () =>
        {
            var nodes = await cluster.StartAllReadyAsync(
                ClusterHarness.Node("users-1", ClusterRoles.Users, ClusterRoles.Notifier),
                ClusterHarness.Gateway("gateway"));
            using var http = new HttpClient { BaseAddress = nodes[1].Spec.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

            // Several at once, as a balancer lets traffic in: each reaches a shard and entity of its own.
            var timings = await Task.WhenAll(Enumerable.Range(0, 4).Select(async i =>
            {
                var email = $"cold-{i}-{Guid.NewGuid():N}@example.org";
                var clock = Stopwatch.StartNew();
                using var registered = await http.PostAsJsonAsync("/auth/register", new { name = "Cold Start", email, password = "correct horse battery" });
                var registerTook = clock.Elapsed;
                Assert.True(registered.StatusCode == HttpStatusCode.Created,
                    $"register {i}: {(int)registered.StatusCode} after {registerTook.TotalSeconds:0.0} s: {await registered.Content.ReadAsStringAsync()}");
                clock.Restart();
                using var login = await http.PostAsJsonAsync("/auth/login", new { username = email, password = "correct horse battery" });
                // Unverified: 403 is the entity's answer, which is what this asks for.
                Assert.True(login.StatusCode == HttpStatusCode.Forbidden, $"login {i}: {(int)login.StatusCode}: {await login.Content.ReadAsStringAsync()}");
                return (registerTook, login: clock.Elapsed);
            }));
            output.WriteLine(string.Join(Environment.NewLine, timings.Select((t, i) =>
                $"request {i}: register {t.registerTook.TotalMilliseconds:0} ms, login {t.login.TotalMilliseconds:0} ms")));
        });
    }
}
