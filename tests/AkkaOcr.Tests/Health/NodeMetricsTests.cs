using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using AkkaOcr.ServiceDefaults.Cluster;
using AkkaOcr.Tests.Infrastructure;

namespace AkkaOcr.Tests.Health;

/// <summary>A back-end node exports what its actors did at <c>/metrics</c>, in Prometheus text format.</summary>
public sealed partial class NodeMetricsTests
{
    /// <remarks>
    /// The counter lives on a process-wide meter, which the other in-process nodes of this test run share:
    /// the test shows the counter is exported and moves past its value before a registration, not that
    /// this node alone moved it (the multi-process bench reads it per node, where a process is a node).
    /// </remarks>
    [Fact]
    public async Task A_users_node_exports_the_process_wide_request_counter_and_it_grows_across_a_registration()
    {
        var seedPort = FreeTcpPort.Next();
        await using var database = await TestDatabase.CreateNewAsync();
        await using var users = await TestNode.StartAsync([ClusterRoles.Users], akkaPort: seedPort, settings: TestNode.UsersDependencies(database.ConnectionString));
        await using var gateway = new GatewayFactory(TestNode.ClusterSettings([], FreeTcpPort.Next(), seedPort));
        using var client = await gateway.CreateReadyClientAsync();
        using var scraper = new HttpClient { BaseAddress = users.HealthBaseAddress };
        // The meter is per process and other tests' nodes share this one: compare before and after.
        var commandsBefore = await CountAsync(scraper, "command");

        var email = $"metrics-{Guid.NewGuid():N}@example.org";
        var registered = await client.PostAsJsonAsync("/auth/register", new { name = "Ada", email, password = "correct horse battery" });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);

        // The exporter caches a scrape for a moment; the count shows up on a later one.
        await Eventually.MatchesAsync(() => CountAsync(scraper, "command"), count => count >= commandsBefore + 1,
            TimeSpan.FromSeconds(20), "the registration counted on the users node");
        var scrape = await scraper.GetAsync("/metrics");
        Assert.StartsWith("text/plain", scrape.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_users_node_exports_the_mail_outbox_lag()
    {
        await using var database = await TestDatabase.CreateNewAsync();
        var virtualHost = await RabbitMqAdmin.CreateVirtualHostAsync();
        await using var users = await TestNode.StartAsync([ClusterRoles.Users], settings: TestNode.UsersDependencies(database.ConnectionString, virtualHost));
        using var scraper = new HttpClient { BaseAddress = users.HealthBaseAddress };

        var text = await Eventually.MatchesAsync(() => scraper.GetStringAsync("/metrics"),
            scrape => OutboxLag().IsMatch(scrape) && OldestUnsentAge().IsMatch(scrape), TimeSpan.FromSeconds(20), "the outbox lag gauges");
        Assert.Equal("0", OutboxLag().Match(text).Groups["value"].Value);
        await RabbitMqAdmin.CtlAsync("delete_vhost", virtualHost);
    }

    private static async Task<long> CountAsync(HttpClient scraper, string kind)
    {
        var text = await scraper.GetStringAsync("/metrics");
        var match = UserMessages().Matches(text).FirstOrDefault(m => m.Groups["kind"].Value == kind);
        return match is null ? 0 : long.Parse(match.Groups["count"].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("""^akkaocr_mail_outbox_lag(\{[^}]*\})? (?<value>[0-9.e+-]+)""", RegexOptions.Multiline)]
    private static partial Regex OutboxLag();

    [GeneratedRegex("""^akkaocr_mail_outbox_oldest_unsent_age_seconds(\{[^}]*\})? [0-9.e+-]+""", RegexOptions.Multiline)]
    private static partial Regex OldestUnsentAge();

    [GeneratedRegex("""^akkaocr_user_messages_total\{[^}]*kind="(?<kind>\w+)"[^}]*\} (?<count>\d+)""", RegexOptions.Multiline)]
    private static partial Regex UserMessages();
}
