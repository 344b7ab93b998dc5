using System.Net;
using AkkaOcr.ServiceDefaults.Cluster;
using AkkaOcr.Tests.Infrastructure;

namespace AkkaOcr.Tests.Health;

/// <summary>
/// <c>/health/ready</c> follows the cluster and the dependencies, and <c>/health/live</c> only the process:
/// the gateway's needs a reachable <c>users</c> node, a <c>users</c> node's its database and broker.
/// </summary>
public sealed class GatewayReadinessTests
{
    /// <summary>Joining through a seed that came up late takes a few seed-node timeouts; generous, for a busy 2-core machine.</summary>
    private static readonly TimeSpan ClusterTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Ready_is_503_without_a_cluster_and_200_once_a_users_node_forms_it()
    {
        var seedPort = FreeTcpPort.Next();
        await using var gateway = new GatewayFactory(TestNode.ClusterSettings([], FreeTcpPort.Next(), seedPort));
        using var client = gateway.CreateClient();

        var notReady = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        // The gateway's port is public: no check names, addresses or exception texts, only the status.
        Assert.Equal("{\"status\":\"Unhealthy\"}", await notReady.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);

        await using var database = await TestDatabase.CreateNewAsync();
        await using var users = await TestNode.StartAsync([ClusterRoles.Users], akkaPort: seedPort, settings: TestNode.UsersDependencies(database.ConnectionString));

        var ready = await Eventually.MatchesAsync(() => ReadBodyAsync(client), report => report.Status == HttpStatusCode.OK,
            ClusterTimeout, "gateway readiness");
        Assert.Equal("{\"status\":\"Healthy\"}", ready.Body);
        // The node's own port, the operator's, keeps the details.
        using var nodeClient = new HttpClient { BaseAddress = users.HealthBaseAddress };
        var node = await ReadBodyAsync(nodeClient);
        Assert.Equal(HttpStatusCode.OK, node.Status);
        Assert.Contains("\"cluster\":{\"status\":\"Healthy\",\"description\":\"Up as akka", node.Body);
    }

    [Fact]
    public async Task Ready_is_503_while_the_database_is_missing_and_200_once_it_exists()
    {
        await using var database = TestDatabase.Reserve();
        await using var users = await TestNode.StartAsync([ClusterRoles.Users], settings: TestNode.UsersDependencies(database.ConnectionString));
        using var client = new HttpClient { BaseAddress = users.HealthBaseAddress };

        // Once the node is Up, the missing database alone keeps it unready.
        await Eventually.MatchesAsync(() => ReadBodyAsync(client),
            report => report.Status == HttpStatusCode.ServiceUnavailable && report.Body.Contains("\"cluster\":{\"status\":\"Healthy\"") &&
                      report.Body.Contains("\"postgres\":{\"status\":\"Unhealthy\""),
            ClusterTimeout, "cluster up, readiness 503 because the database is missing");

        await database.CreateAsync();

        await Eventually.MatchesAsync(() => ReadBodyAsync(client), report => report.Status == HttpStatusCode.OK,
            ClusterTimeout, "readiness after the database was created");
    }

    [Fact]
    public async Task Ready_is_503_while_the_broker_refuses_and_200_once_it_accepts()
    {
        await using var database = await TestDatabase.CreateNewAsync();
        var virtualHost = $"v{Guid.NewGuid():N}";
        await using var users = await TestNode.StartAsync([ClusterRoles.Users], settings: TestNode.UsersDependencies(database.ConnectionString, virtualHost));
        using var client = new HttpClient { BaseAddress = users.HealthBaseAddress };

        await Eventually.MatchesAsync(() => ReadBodyAsync(client),
            report => report.Status == HttpStatusCode.ServiceUnavailable && report.Body.Contains("\"cluster\":{\"status\":\"Healthy\"") &&
                      report.Body.Contains("\"rabbitmq\":{\"status\":\"Unhealthy\""),
            ClusterTimeout, "cluster up, readiness 503 because the broker refuses");

        await RabbitMqAdmin.CtlAsync("add_vhost", virtualHost);
        await RabbitMqAdmin.CtlAsync("set_permissions", "-p", virtualHost, "guest", ".*", ".*", ".*");

        await Eventually.MatchesAsync(() => ReadBodyAsync(client), report => report.Status == HttpStatusCode.OK,
            ClusterTimeout, "readiness after the virtual host was created");
    }

    private static async Task<(HttpStatusCode Status, string Body)> ReadBodyAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/health/ready");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
