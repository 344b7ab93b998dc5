using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AkkaOcr.Mail.Health;

/// <summary>
/// Degraded while the oldest unpublished mail event is older than <c>Mail__OutboxStallAfter</c>: mail is
/// waiting (broker down, outbox stuck). Degraded, not unhealthy: the node still serves every request, and
/// taking it out of rotation would not send a single mail sooner.
/// </summary>
public sealed class MailOutboxHealthCheck(MailOutboxMonitor monitor, MailSettings settings) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var lag = monitor.Latest;
        var result = lag switch
        {
            null => HealthCheckResult.Healthy("not measured yet"),
            _ when lag.OldestUnsentAge > settings.OutboxStallAfter => HealthCheckResult.Degraded(
                $"the oldest unsent mail event is {lag.OldestUnsentAge.TotalSeconds:0} s old; {lag.Offsets} offsets behind"),
            _ => HealthCheckResult.Healthy($"{lag.Offsets} offsets behind; oldest unsent {lag.OldestUnsentAge.TotalSeconds:0} s"),
        };
        return Task.FromResult(result);
    }
}
