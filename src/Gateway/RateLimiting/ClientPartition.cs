using System.Net;
using System.Net.Sockets;

namespace AkkaOcr.Gateway.RateLimiting;

/// <summary>
/// Whose budget a request spends: an IPv4 address, or the /64 of an IPv6 address. One subscriber is commonly
/// given a whole /64, so counting IPv6 addresses one by one would give a single client 2^64 budgets.
/// </summary>
public static class ClientPartition
{
    /// <summary>Requests whose address is not known (never from a real socket) share one budget.</summary>
    public const string Unknown = "unknown";

    public static string KeyOf(IPAddress? address)
    {
        if (address is null)
            return Unknown;
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
            return address.ToString();
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return $"{new IPAddress(bytes)}/64";
    }
}
