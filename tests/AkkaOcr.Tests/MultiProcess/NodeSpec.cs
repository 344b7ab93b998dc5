using AkkaOcr.ServiceDefaults.Cluster;

namespace AkkaOcr.Tests.MultiProcess;

/// <summary>
/// What a cluster process is, kept across restarts: its name, whether it is the gateway executable,
/// its roles, its ports, and settings of its own beside the cluster's. A restart with the same spec is the
/// same member at a new incarnation.
/// </summary>
public sealed record NodeSpec(string Name, bool IsGateway, IReadOnlyList<string> Roles, int AkkaPort, int HttpPort)
{
    /// <summary>Configuration for this process alone, as <c>Section:Key</c> and value, given as command-line arguments.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    public string AkkaAddress => $"akka.tcp://{ClusterHosting.ActorSystemName}@127.0.0.1:{AkkaPort}";

    public Uri BaseAddress => new($"http://127.0.0.1:{HttpPort}");

    public override string ToString() =>
        $"{Name} ({(IsGateway ? "gateway" : "nodes")}, roles {string.Join(",", Roles)}, akka {AkkaPort}, http {HttpPort})";
}
