using System.Net;
using AkkaOcr.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace AkkaOcr.Tests.Users;

/// <summary>
/// Whose budget the per-client rate limit charges, with the socket's peer address set per request: an IPv6 /64 is
/// one client, and <c>X-Forwarded-For</c> names the client only when a configured proxy sends it.
/// </summary>
public sealed class ForwardedClientRateLimitTests
{
    private const string TrustedProxy = "192.0.2.1";

    [Fact]
    public async Task Addresses_in_one_ipv6_64_share_a_budget_and_another_64_has_its_own()
    {
        await using var gateway = StartGateway(perMinute: 3);

        Assert.Equal(StatusCodes.Status400BadRequest, await SendAsync(gateway.Server, "2001:db8:1:1::1"));
        Assert.Equal(StatusCodes.Status400BadRequest, await SendAsync(gateway.Server, "2001:db8:1:1::1"));
        Assert.Equal(StatusCodes.Status400BadRequest, await SendAsync(gateway.Server, "2001:db8:1:1:ffff::2"));
        Assert.Equal(StatusCodes.Status429TooManyRequests, await SendAsync(gateway.Server, "2001:db8:1:1::3"));

        Assert.Equal(StatusCodes.Status400BadRequest, await SendAsync(gateway.Server, "2001:db8:1:2::1"));
        Assert.Equal(StatusCodes.Status400BadRequest, await SendAsync(gateway.Server, "192.0.2.200"));
    }

    [Fact]
    public async Task X_Forwarded_For_from_an_unconfigured_peer_is_ignored()
    {
        await using var gateway = StartGateway(perMinute: 2);

        // A client naming a new address each time still spends its own budget.
        Assert.Equal(StatusCodes.Status400BadRequest, await SendAsync(gateway.Server, "203.0.113.5", forwardedFor: "198.51.100.1"));
        Assert.Equal(StatusCodes.Status400BadRequest, await SendAsync(gateway.Server, "203.0.113.5", forwardedFor: "198.51.100.2"));
        Assert.Equal(StatusCodes.Status429TooManyRequests, await SendAsync(gateway.Server, "203.0.113.5", forwardedFor: "198.51.100.3"));
        // Loopback is not trusted either unless configured, unlike ASP.NET Core's default.
        Assert.Equal(StatusCodes.Status400BadRequest, await SendAsync(gateway.Server, "127.0.0.1", forwardedFor: "198.51.100.4"));
        Assert.Equal(StatusCodes.Status400BadRequest, await SendAsync(gateway.Server, "127.0.0.1", forwardedFor: "198.51.100.5"));
        Assert.Equal(StatusCodes.Status429TooManyRequests, await SendAsync(gateway.Server, "127.0.0.1", forwardedFor: "198.51.100.6"));
    }

    [Fact]
    public async Task X_Forwarded_For_from_a_configured_proxy_names_the_client()
    {
        await using var gateway = StartGateway(perMinute: 2);

        Assert.Equal(StatusCodes.Status400BadRequest, await SendAsync(gateway.Server, TrustedProxy, forwardedFor: "198.51.100.1"));
        Assert.Equal(StatusCodes.Status400BadRequest, await SendAsync(gateway.Server, TrustedProxy, forwardedFor: "198.51.100.1"));
        Assert.Equal(StatusCodes.Status429TooManyRequests, await SendAsync(gateway.Server, TrustedProxy, forwardedFor: "198.51.100.1"));
        // The proxy's other clients have budgets of their own, and so does the proxy's own traffic.
        Assert.Equal(StatusCodes.Status400BadRequest, await SendAsync(gateway.Server, TrustedProxy, forwardedFor: "198.51.100.2"));
        Assert.Equal(StatusCodes.Status400BadRequest, await SendAsync(gateway.Server, "10.1.2.3", forwardedFor: "198.51.100.1, 198.51.100.7"));
        Assert.Equal(StatusCodes.Status400BadRequest, await SendAsync(gateway.Server, TrustedProxy));
        // A client cannot hide behind a forged entry further left: only the hop the proxy saw counts.
        Assert.Equal(StatusCodes.Status429TooManyRequests, await SendAsync(gateway.Server, TrustedProxy, forwardedFor: "203.0.113.9, 198.51.100.1"));
    }

    /// <summary>A gateway without a back end: invalid input is answered at the edge, after the rate limiter counted it.</summary>
    private static GatewayFactory StartGateway(int perMinute)
    {
        var settings = TestNode.ClusterSettings([], FreeTcpPort.Next(), FreeTcpPort.Next());
        settings["RateLimits:PerClientPerMinute"] = perMinute.ToString();
        settings["ForwardedHeaders:KnownProxies:0"] = TrustedProxy;
        settings["ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/8";
        return new GatewayFactory(settings);
    }

    private static async Task<int> SendAsync(TestServer server, string peer, string? forwardedFor = null)
    {
        var body = """{"email":"not an address"}"""u8.ToArray();
        var context = await server.SendAsync(context =>
        {
            context.Connection.RemoteIpAddress = IPAddress.Parse(peer);
            context.Request.Method = HttpMethods.Post;
            context.Request.Path = "/auth/generate_otp";
            context.Request.ContentType = "application/json";
            context.Request.ContentLength = body.Length;
            context.Request.Body = new MemoryStream(body);
            if (forwardedFor is not null)
                context.Request.Headers["X-Forwarded-For"] = forwardedFor;
        });
        return context.Response.StatusCode;
    }
}
