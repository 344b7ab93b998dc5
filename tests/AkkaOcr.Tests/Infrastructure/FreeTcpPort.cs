using System.Net;
using System.Net.Sockets;

namespace AkkaOcr.Tests.Infrastructure;

/// <summary>Loopback ports that nothing listens on, so parallel tests never collide.</summary>
public static class FreeTcpPort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
