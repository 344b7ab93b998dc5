using Akka.Actor;
using Akka.Cluster;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AkkaOcr.ServiceDefaults.Health;

/// <summary>Ready only while this node is an Up member that the rest of the cluster can reach.</summary>
internal sealed class ClusterMembershipHealthCheck(ActorSystem system) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var self = cluster.SelfMember;
        var result = self.Status != MemberStatus.Up
            ? HealthCheckResult.Unhealthy($"this node is {self.Status}, not Up")
            : cluster.State.Unreachable.Any(member => member.UniqueAddress == self.UniqueAddress)
                ? HealthCheckResult.Unhealthy("this node is unreachable from the cluster")
                : HealthCheckResult.Healthy($"Up as {cluster.SelfAddress} with roles {string.Join(",", self.Roles)}");
        return Task.FromResult(result);
    }
}
