using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace AkkaOcr.Gateway.Hosting;

/// <summary>
/// <c>Gateway__ReusePort=true</c>: the gateway's TCP listeners are opened with <c>SO_REUSEPORT</c>, so a
/// second gateway process of the same user can listen on the same port and the kernel spreads new
/// connections over both. A restart then starts the new process first and stops the old one after,
/// and no connection finds the port closed. Off by default: only the operator's own processes should
/// share the public port, and Linux allows it only to processes of the same user.
/// </summary>
public static class SharedHttpPort
{
    public const string SettingKey = "Gateway:ReusePort";

    // From <asm-generic/socket.h>; the same on x86-64 and arm64.
    private const int SolSocket = 1;
    private const int SoReusePort = 15;

    public static WebApplicationBuilder UseSharedHttpPortWhenConfigured(this WebApplicationBuilder builder)
    {
        if (builder.Configuration.GetValue<bool>(SettingKey))
        {
            if (!OperatingSystem.IsLinux())
                throw new PlatformNotSupportedException($"{SettingKey.Replace(":", "__")} needs Linux's SO_REUSEPORT");
            builder.WebHost.UseSockets(options => options.CreateBoundListenSocket = BindShared);
        }
        return builder;
    }

    /// <summary>A bound listen socket that other sockets with this option may bind to the same address too.</summary>
    public static Socket BindShared(EndPoint endpoint)
    {
        if (endpoint is not IPEndPoint ip)
            return SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
        var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (ip.Address.Equals(IPAddress.IPv6Any))
                socket.DualMode = true;
            socket.SetRawSocketOption(SolSocket, SoReusePort, BitConverter.GetBytes(1));
            socket.Bind(ip);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
