using AkkaOcr.ServiceDefaults.Cluster;

namespace AkkaOcr.Tests.MultiProcess;

/// <summary>
/// What a cluster process is, kept across restarts: its name, whether it is the gateway executable,
/// its roles and its ports. A restart with the same spec is the same member at a new incarnation.
/// </summary>
public sealed record NodeSpec(string Name, bool IsGateway, IReadOnlyList<string> Roles, int AkkaPort, int HttpPort)
{
    public string AkkaAddress => $"akka.tcp://{ClusterHosting.ActorSystemName}@127.0.0.1:{AkkaPort}";

    public Uri BaseAddress => new($"http://127.0.0.1:{HttpPort}");

    public override string ToString() =>
        $"{Name} ({(IsGateway ? "gateway" : "nodes")}, roles {string.Join(",", Roles)}, akka {AkkaPort}, http {HttpPort})";
}
