using System.Net;

namespace AkkaOcr.Gateway.RateLimiting;

/// <summary>
/// The reverse proxies whose <c>X-Forwarded-For</c> the gateway believes: <c>ForwardedHeaders__KnownProxies__0</c> …
/// (addresses) and <c>ForwardedHeaders__KnownNetworks__0</c> … (CIDR, such as <c>10.0.0.0/8</c>). None by default:
/// a client could otherwise name any address it likes and get a fresh rate-limit budget with each.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>Bounded so that a mistaken configuration cannot make every request walk a huge list.</summary>
    public const int MaxEntries = 100;

    public List<string> KnownProxies { get; set; } = [];

    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>Methods, not properties: the configuration binder would read a property while binding, before validation.</summary>
    public IReadOnlyList<IPAddress> ParseProxies() => [.. KnownProxies.Select(proxy => IPAddress.Parse(proxy.Trim()))];

    public IReadOnlyList<IPNetwork> ParseNetworks() => [.. KnownNetworks.Select(network => IPNetwork.Parse(network.Trim()))];

    public IEnumerable<string> Validate()
    {
        if (KnownProxies.Count + KnownNetworks.Count > MaxEntries)
            yield return $"ForwardedHeaders__KnownProxies and ForwardedHeaders__KnownNetworks name more than {MaxEntries} entries";
        for (var i = 0; i < KnownProxies.Count; i++)
            if (!IPAddress.TryParse(KnownProxies[i]?.Trim(), out _))
                yield return $"ForwardedHeaders__KnownProxies__{i} '{KnownProxies[i]}' is not an IP address";
        for (var i = 0; i < KnownNetworks.Count; i++)
            if (!IPNetwork.TryParse(KnownNetworks[i]?.Trim(), out _))
                yield return $"ForwardedHeaders__KnownNetworks__{i} '{KnownNetworks[i]}' is not a network in CIDR form (10.0.0.0/8, fd00::/8)";
    }
}
