using Akka.Cluster;
using Akka.Hosting;
using AkkaOcr.ServiceDefaults.Cluster;
using AkkaOcr.ServiceDefaults.Cluster.Security;
using AkkaOcr.ServiceDefaults.Settings;
using AkkaOcr.Tests.Infrastructure;

namespace AkkaOcr.Tests.Cluster;

/// <summary>Two actor systems on loopback ports, both built by the production bootstrap, form one cluster over mutual TLS.</summary>
public sealed class TwoNodeClusterSpec(ITestOutputHelper output)
    : Akka.Hosting.TestKit.TestKit(actorSystemName: ClusterHosting.ActorSystemName, output: output)
{
    private readonly int _seedPort = FreeTcpPort.Next();

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) =>
        builder.AddAkkaOcrCluster(new AkkaSettings
        {
            Hostname = "127.0.0.1",
            Port = _seedPort,
            SeedNodes = [$"akka.tcp://akkaocr@127.0.0.1:{_seedPort}"],
            Roles = [ClusterRoles.Gateway],
        }, TestClusterTls.Transport);

    [Fact]
    public async Task A_second_node_joins_and_both_are_up_with_their_roles()
    {
        await using var second = await TestNode.StartAsync([ClusterRoles.Ocr], seedPort: _seedPort);

        foreach (var system in new[] { Sys, second.System })
        {
            await AwaitAssertAsync(() =>
            {
                var members = Akka.Cluster.Cluster.Get(system).State.Members;
                Assert.Equal(2, members.Count(member => member.Status == MemberStatus.Up));
                Assert.All(members, member => Assert.Equal(ClusterTransport.TlsScheme, member.Address.Protocol));
                Assert.Contains(members, member => member.Address.Port == _seedPort && member.HasRole(ClusterRoles.Gateway));
                Assert.Contains(members, member => member.Address.Port == second.AkkaPort && member.HasRole(ClusterRoles.Ocr));
            }, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200));
        }
    }
}
