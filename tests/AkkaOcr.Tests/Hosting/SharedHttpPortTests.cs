using System.Net;
using System.Net.Sockets;
using AkkaOcr.Gateway.Hosting;
using AkkaOcr.Tests.Infrastructure;

namespace AkkaOcr.Tests.Hosting;

/// <summary>With <c>Gateway__ReusePort</c>, two gateways listen on one port, and the port keeps accepting while either goes.</summary>
public sealed class SharedHttpPortTests
{
    [Fact]
    public async Task Two_shared_listeners_take_one_port_and_the_second_accepts_once_the_first_closed()
    {
        var endpoint = new IPEndPoint(IPAddress.Loopback, FreeTcpPort.Next());
        using var first = SharedHttpPort.BindShared(endpoint);
        using var second = SharedHttpPort.BindShared(endpoint);
        first.Listen();
        second.Listen();

        // A listener without the option is refused the port: only sockets that all opted in share it.
        using var plain = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var refused = Assert.Throws<SocketException>(() => plain.Bind(endpoint));
        Assert.Equal(SocketError.AddressAlreadyInUse, refused.SocketErrorCode);

        // The first one goes, as a restarting gateway does: connections still find the second.
        first.Close();
        for (var attempt = 0; attempt < 20; attempt++)
        {
            using var client = new TcpClient();
            await client.ConnectAsync(endpoint);
            using var accepted = await second.AcceptAsync().WaitAsync(TimeSpan.FromSeconds(5));
            Assert.True(accepted.Connected);
        }
    }
}
