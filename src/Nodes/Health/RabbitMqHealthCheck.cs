using AkkaOcr.Nodes.Messaging;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AkkaOcr.Nodes.Health;

/// <summary>Checks the node's one long-lived broker connection rather than opening a new one per probe.</summary>
internal sealed class RabbitMqHealthCheck(RabbitMqConnectionProvider connections) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connection = await connections.GetConnectionAsync(cancellationToken);
            return connection.IsOpen
                ? HealthCheckResult.Healthy($"connected to {connection.Endpoint.HostName}:{connection.Endpoint.Port}")
                : HealthCheckResult.Unhealthy($"connection closed: {connection.CloseReason?.ReplyText ?? "recovering"}");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"broker unreachable: {e.GetBaseException().Message}");
        }
    }
}
