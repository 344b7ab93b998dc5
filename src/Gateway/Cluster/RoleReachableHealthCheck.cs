using Akka.Actor;
using Akka.Cluster;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AkkaOcr.Gateway.Cluster;

/// <summary>
/// Ready only while some reachable Up member holds <paramref name="role"/>: the gateway cannot answer
/// a single account request without a <c>users</c> node, so a balancer should not send it traffic.
/// </summary>
internal sealed class RoleReachableHealthCheck(ActorSystem system, string role) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var state = Akka.Cluster.Cluster.Get(system).State;
        var reachable = state.Members.Count(member =>
            member.Status == MemberStatus.Up && member.HasRole(role) && !state.Unreachable.Contains(member));
        return Task.FromResult(reachable > 0
            ? HealthCheckResult.Healthy($"{reachable} reachable '{role}' node(s)")
            : HealthCheckResult.Unhealthy($"no reachable '{role}' node"));
    }
}
