using Microsoft.AspNetCore.HttpOverrides;

namespace AkkaOcr.Gateway.RateLimiting;

/// <summary>
/// Takes the client's address (and scheme) from <c>X-Forwarded-For</c> (<c>X-Forwarded-Proto</c>) only when the
/// request comes from a configured proxy (<see cref="ForwardedHeadersSettings"/>); from any other peer the headers
/// are ignored and the socket's address is the client's. Runs before the rate limiter, which partitions by it.
/// </summary>
public static class TrustedForwardedHeaders
{
    public static IServiceCollection AddTrustedForwardedHeaders(this IServiceCollection services, ForwardedHeadersSettings settings) =>
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // ASP.NET Core trusts loopback by default; here nothing is trusted unless configured.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in settings.ParseProxies())
                options.KnownProxies.Add(proxy);
            foreach (var network in settings.ParseNetworks())
                options.KnownIPNetworks.Add(network);
            // Walk the chain from the right for as long as each hop is a trusted proxy: the first untrusted one
            // is the client. A single limit would stop at the first proxy of a chain of two.
            options.ForwardLimit = null;
        });
}
