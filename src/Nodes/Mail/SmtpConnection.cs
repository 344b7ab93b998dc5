using MailKit.Net.Smtp;

namespace AkkaOcr.Mail;

/// <summary>The one way this service opens an SMTP session: connect, then authenticate when a user name is configured.</summary>
public static class SmtpConnection
{
    public static async Task<SmtpClient> OpenAsync(SmtpSettings settings, TimeSpan commandTimeout, CancellationToken cancellationToken)
    {
        var client = new SmtpClient { Timeout = (int)commandTimeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(settings.Host, settings.Port, settings.Security, cancellationToken);
            if (!string.IsNullOrEmpty(settings.Username))
                await client.AuthenticateAsync(settings.Username, settings.Password ?? "", cancellationToken);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}
