using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AkkaOcr.Mail.Health;

/// <summary>Ready only while the SMTP server accepts a session (connect, authenticate when configured, quit).</summary>
public sealed class SmtpHealthCheck(SmtpSettings smtp) : IHealthCheck
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var client = await SmtpConnection.OpenAsync(smtp, ProbeTimeout, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
            return HealthCheckResult.Healthy($"{smtp.Host}:{smtp.Port} accepts mail");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{smtp.Host}:{smtp.Port}: {e.GetBaseException().Message}");
        }
    }
}
