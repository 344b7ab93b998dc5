using MailKit.Net.Smtp;
using MimeKit;

namespace AkkaOcr.Mail;

/// <summary>
/// One SMTP connection, opened on first use and opened again after any failure. Not thread-safe:
/// each notifier worker owns one.
/// </summary>
public sealed class SmtpMailSender(SmtpSettings settings) : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    private SmtpClient? _client;

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var client = await ConnectedAsync(cancellationToken);
            await client.SendAsync(message, cancellationToken);
        }
        catch
        {
            // A half-broken session cannot be trusted for the next message.
            await ResetAsync();
            throw;
        }
    }

    private async Task<SmtpClient> ConnectedAsync(CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true })
            return _client;
        await ResetAsync();
        return _client = await SmtpConnection.OpenAsync(settings, CommandTimeout, cancellationToken);
    }

    private async Task ResetAsync()
    {
        if (_client is null)
            return;
        try
        {
            if (_client.IsConnected)
                await _client.DisconnectAsync(quit: true);
        }
        catch (Exception)
        {
            // Already broken; disposing below is all that is left to do.
        }
        _client.Dispose();
        _client = null;
    }

    public async ValueTask DisposeAsync() => await ResetAsync();
}
