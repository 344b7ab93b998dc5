using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using AkkaOcr.Gateway.Users;
using AkkaOcr.Tests.Infrastructure;

namespace AkkaOcr.Tests.Users;

public sealed class UsersUnavailableTests
{
    [Fact]
    public async Task Without_a_users_node_auth_requests_get_503_with_retry_after_within_the_ask_timeout()
    {
        // The seed node never comes up: the gateway is alone and no users node can answer.
        await using var gateway = new GatewayFactory(TestNode.ClusterSettings([], FreeTcpPort.Next(), FreeTcpPort.Next()));
        using var client = gateway.CreateClient();

        var watch = Stopwatch.StartNew();
        var response = await client.PostAsJsonAsync("/auth/register",
            new { name = "Ada", email = "ada@example.org", password = "correct horse battery" });
        watch.Stop();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(int.Parse(response.Headers.GetValues("Retry-After").Single()) > 0);
        Assert.InRange(watch.Elapsed, UserShardClient.AskTimeout - TimeSpan.FromSeconds(1), UserShardClient.AskTimeout + TimeSpan.FromSeconds(10));
    }
}
