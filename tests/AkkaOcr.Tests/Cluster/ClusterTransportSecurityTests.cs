using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Akka.Cluster;
using AkkaOcr.ServiceDefaults.Cluster;
using AkkaOcr.ServiceDefaults.Cluster.Security;
using AkkaOcr.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AkkaOcr.Tests.Cluster;

/// <summary>
/// The cluster's port refuses whoever does not hold a certificate of the cluster's CA: the TLS handshake
/// fails, so no Akka message of the stranger's is ever read, and the stranger never becomes a member.
/// </summary>
public sealed class ClusterTransportSecurityTests
{
    private const string Accepted = "accepted";

    /// <summary>Long enough for a stranger to try to join several times (Akka retries every few seconds).</summary>
    private static readonly TimeSpan JoinWindow = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task A_node_without_the_clusters_certificate_cannot_join_because_the_handshake_is_refused()
    {
        await using var member = await TestNode.StartAsync([ClusterRoles.Ocr]);
        // The port answers a client with the cluster's certificate, and refuses one with none.
        Assert.Equal(Accepted, await HandshakeAsync(member.AkkaPort, TestClusterTls.Transport.Certificate));
        Assert.NotEqual(Accepted, await HandshakeAsync(member.AkkaPort, clientCertificate: null));

        // A node without certificates (plain TCP, as Development on loopback allows) aims at the member's port.
        await using var stranger = await TestNode.StartAsync([ClusterRoles.Ocr], seedPort: member.AkkaPort, environment: "Development",
            settings: new Dictionary<string, string?>
            {
                ["Akka:Tls:CertificatePath"] = "", ["Akka:Tls:CertificatePassword"] = "", ["Akka:Tls:CaCertificatePath"] = "",
            });
        await AssertNeverJoinsAsync(member, stranger);
    }

    [Fact]
    public async Task A_node_with_a_certificate_from_another_CA_cannot_join()
    {
        await using var member = await TestNode.StartAsync([ClusterRoles.Ocr]);
        var strangers = ClusterTransport.Load(TestClusterTls.Settings(TestServices.StrangerTlsFolder));

        Assert.NotEqual(Accepted, await HandshakeAsync(member.AkkaPort, strangers.Certificate));

        await using var stranger = await TestNode.StartAsync([ClusterRoles.Ocr], seedPort: member.AkkaPort,
            settings: TestClusterTls.Configuration(TestServices.StrangerTlsFolder));
        Assert.True(stranger.Services.GetRequiredService<ClusterTransport>().IsTls);
        await AssertNeverJoinsAsync(member, stranger);
    }

    private static async Task AssertNeverJoinsAsync(TestNode member, TestNode stranger)
    {
        var deadline = DateTime.UtcNow + JoinWindow;
        while (DateTime.UtcNow < deadline)
        {
            var members = Akka.Cluster.Cluster.Get(member.System).State.Members;
            Assert.DoesNotContain(members, m => m.Address.Port == stranger.AkkaPort);
            Assert.DoesNotContain(Akka.Cluster.Cluster.Get(stranger.System).State.Members, m => m.Status == MemberStatus.Up);
            await Task.Delay(250);
        }
        Assert.Single(Akka.Cluster.Cluster.Get(member.System).State.Members);
    }

    /// <summary>
    /// A TLS client on the node's port that presents <paramref name="clientCertificate"/> and trusts any
    /// server: <see cref="Accepted"/> when the node keeps the connection, otherwise why it ended.
    /// </summary>
    private static async Task<string> HandshakeAsync(int port, X509Certificate2? clientCertificate)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        await using var tls = new SslStream(tcp.GetStream());
        using var handshakeTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "127.0.0.1",
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
                LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate!,
            }, handshakeTimeout.Token);
            // In TLS 1.3 the server judges the client's certificate after the client's last handshake
            // message, so its verdict arrives on the first read: an alert, or silence (Akka waits for us).
            using var verdictTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            var read = await tls.ReadAsync(new byte[1], verdictTimeout.Token);
            return read == 0 ? "the node closed the connection" : $"the node sent {read} byte(s) unasked";
        }
        catch (OperationCanceledException) when (!handshakeTimeout.IsCancellationRequested)
        {
            return Accepted;
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            return $"handshake refused: {e.GetBaseException().Message}";
        }
    }
}
