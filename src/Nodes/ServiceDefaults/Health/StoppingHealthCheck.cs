using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace AkkaOcr.ServiceDefaults.Health;

/// <summary>
/// Unready from the moment the host starts stopping (SIGTERM, Ctrl-C), before the HTTP port closes and
/// before the node leaves the cluster, so balancers and gateways stop sending it work first.
/// </summary>
internal sealed class StoppingHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResult.Unhealthy("this node is shutting down")
            : HealthCheckResult.Healthy("running"));
}
