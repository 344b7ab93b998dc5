using AkkaOcr.Nodes.Settings;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AkkaOcr.Nodes.Health;

/// <summary>Ready only while the SMTP server accepts a session (connect, authenticate when configured, quit).</summary>
internal sealed class SmtpHealthCheck(NodeSettings settings) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var smtp = settings.Smtp;
        using var client = new SmtpClient { Timeout = 3000 };
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, smtp.Security, cancellationToken);
            if (!string.IsNullOrEmpty(smtp.Username))
                await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
            return HealthCheckResult.Healthy($"{smtp.Host}:{smtp.Port} accepts mail");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{smtp.Host}:{smtp.Port}: {e.GetBaseException().Message}");
        }
    }
}
