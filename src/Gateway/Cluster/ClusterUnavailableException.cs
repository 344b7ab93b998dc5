namespace AkkaOcr.Gateway.Cluster;

/// <summary>No node of the needed role answered within the Ask timeout; the edge answers 503.</summary>
public sealed class ClusterUnavailableException(string role, Exception inner)
    : Exception($"no '{role}' node answered in time", inner)
{
    public string Role { get; } = role;
}
