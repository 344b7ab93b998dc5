using AkkaOcr.Mail.Messaging;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AkkaOcr.Mail.Health;

/// <summary>
/// Probes the node's one long-lived broker connection by opening and closing a channel on it: a
/// connection can look open for a moment before the broker refuses it, a channel round trip cannot.
/// </summary>
public sealed class RabbitMqHealthCheck(RabbitMqConnectionProvider connections) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connection = await connections.GetConnectionAsync(cancellationToken);
            if (!connection.IsOpen)
                return HealthCheckResult.Unhealthy($"connection closed: {connection.CloseReason?.ReplyText ?? "recovering"}");
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            await channel.CloseAsync(RabbitMQ.Client.Constants.ReplySuccess, "health probe", abort: false, cancellationToken);
            return HealthCheckResult.Healthy($"connected to {connection.Endpoint.HostName}:{connection.Endpoint.Port}");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"broker unreachable: {e.GetBaseException().Message}");
        }
    }
}
