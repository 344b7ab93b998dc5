using System.Net;
using System.Net.Http.Json;
using AkkaOcr.Tests.Infrastructure;

namespace AkkaOcr.Tests.Users;

public sealed class RateLimitTests
{
    [Fact]
    public async Task Requests_past_the_per_client_limit_get_429_with_retry_after()
    {
        var settings = TestNode.ClusterSettings([], FreeTcpPort.Next(), FreeTcpPort.Next());
        settings["RateLimits:PerClientPerMinute"] = "3";
        await using var gateway = new GatewayFactory(settings);
        using var client = gateway.CreateClient();

        // Invalid input is answered at the edge, so no users node is needed to count requests.
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/auth/generate_otp", new { email = "nope" })).StatusCode);
        var limited = await client.PostAsJsonAsync("/auth/generate_otp", new { email = "nope" });

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single()) is > 0 and <= 60);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }
}
