using System.Net;

namespace AkkaOcr.ServiceDefaults.Settings;

/// <summary>Whether a host name or address can be reached only from this machine.</summary>
public static class LoopbackHost
{
    /// <summary>
    /// <c>localhost</c> and loopback addresses. A wildcard (<c>0.0.0.0</c>, <c>::</c>, <c>*</c>, <c>+</c>) and
    /// every other name are not: they may be reached from other machines.
    /// </summary>
    public static bool IsLoopback(string? host) =>
        !string.IsNullOrWhiteSpace(host) &&
        (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) ||
         (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address)));
}
