using System.Threading.Channels;
using AkkaOcr.Mail.Messaging.Amqp;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Logging;
using MimeKit;
using Npgsql;
using Polly;
using Polly.Retry;
using RabbitMQ.Client;

namespace AkkaOcr.Mail;

/// <summary>
/// Mails queue messages for one run of the notifier stream: <see cref="Workers"/> SMTP connections,
/// one confirm channel for dead letters. Per message it decides: mail it and ack; drop a duplicate
/// and ack; dead-letter what can never be mailed and ack; or, when the SMTP server cannot be reached
/// at all or still answers 4xx after every quick try, fail so the stream stops and the unacknowledged
/// messages go back to the queue.
/// </summary>
public sealed class MailDeliverySession : IAsyncDisposable
{
    public const int Workers = 4;
    public const int MaxAttempts = 5;

    private readonly Channel<SmtpMailSender> _senders = Channel.CreateBounded<SmtpMailSender>(Workers);
    private readonly List<SmtpMailSender> _allSenders = [];
    private readonly IChannel _deadLetterChannel;
    private readonly DeadLetters _deadLetters;
    private readonly SentMailLog _sent;
    private readonly MailboxAddress _from;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _transientRetry;

    private MailDeliverySession(IChannel deadLetterChannel, SentMailLog sent, SmtpSettings smtp, ILogger logger)
    {
        _deadLetterChannel = deadLetterChannel;
        _deadLetters = new DeadLetters(deadLetterChannel);
        _sent = sent;
        _from = MailboxAddress.Parse(smtp.From);
        _logger = logger;
        for (var i = 0; i < Workers; i++)
        {
            var sender = new SmtpMailSender(smtp);
            _allSenders.Add(sender);
            _senders.Writer.TryWrite(sender);
        }
        _transientRetry = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<SmtpCommandException>(IsTransient),
            MaxRetryAttempts = MaxAttempts - 1,
            Delay = TimeSpan.FromSeconds(1),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
        }).Build();
    }

    public static async Task<MailDeliverySession> OpenAsync(IConnection connection, SentMailLog sent, SmtpSettings smtp, ILogger logger)
    {
        await MailQueues.DeclareAsync(connection);
        await sent.PrepareAsync();
        var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        return new MailDeliverySession(channel, sent, smtp, logger);
    }

    public async Task<MailDeliveryOutcome> HandleAsync(AmqpDelivery delivery)
    {
        var messageId = delivery.Properties.MessageId;
        var mail = MailNotification.TryParse(delivery.Body.Span);
        MimeMessage? message = null;
        try
        {
            message = mail is null ? null : MailRenderer.Render(mail, _from, messageId);
        }
        catch (ParseException)
        {
            // An address MimeKit cannot parse is as malformed as broken JSON.
        }
        if (message is null)
            return await DeadLetterAsync(delivery, messageId, "malformed: not {\"email\", \"subject\", \"body\", \"other\"} JSON with a valid address");

        if (string.IsNullOrEmpty(messageId))
            return await SendAsync(delivery, message, messageId: null);

        // A failure of the database here fails the stream: the message goes back to the queue, nothing was sent.
        var claim = await _sent.ClaimAsync(messageId);
        if (claim == SentMailLog.Claim.AlreadySent || _sent.IsAcceptedButUnrecorded(messageId))
        {
            // Only a mail this node saw accepted still lacks its record; one recorded already needs no second write.
            if (claim != SentMailLog.Claim.AlreadySent)
                await _sent.MarkSentAsync(messageId);
            await delivery.AckAsync();
            return MailDeliveryOutcome.Duplicate;
        }
        if (claim == SentMailLog.Claim.Unconfirmed)
        {
            // An earlier attempt stopped between the SMTP server and the record: it may have been mailed.
            // Losing a mail is worse than mailing it twice, so it goes again, counted.
            MailMetrics.UnconfirmedMailSentAgain();
            _logger.LogWarning("Mail {MessageId} was claimed before and never confirmed; mailing it again, possibly a second time", messageId);
        }
        return await SendAsync(delivery, message, messageId);
    }

    private async Task<MailDeliveryOutcome> SendAsync(AmqpDelivery delivery, MimeMessage message, string? messageId)
    {
        var sender = await _senders.Reader.ReadAsync();
        try
        {
            await _transientRetry.ExecuteAsync(async token => await sender.SendAsync(message, token));
        }
        catch (SmtpCommandException e) when (IsTransient(e))
        {
            // A server that still says "try later" after every quick try is a server away for now, not a
            // mail that can never be sent: dead-lettering it would lose a code that is good for minutes yet.
            // It goes back to the queue like a mail to an unreachable server; a code mail's expiry bounds it.
            await ReleaseAsync(messageId);
            _logger.LogWarning("Mail {MessageId} still answered {Status} after {Attempts} tries; it goes back to the queue",
                messageId ?? "(no id)", (int)e.StatusCode, MaxAttempts);
            throw;
        }
        catch (SmtpCommandException e)
        {
            await ReleaseAsync(messageId);
            return await DeadLetterAsync(delivery, messageId, $"rejected: {(int)e.StatusCode} {e.Message}");
        }
        catch (Exception)
        {
            // The SMTP server could not be reached or dropped the connection: as far as this node knows, the
            // mail was not accepted, and the message goes back to the queue.
            await ReleaseAsync(messageId);
            throw;
        }
        finally
        {
            _senders.Writer.TryWrite(sender);
        }

        if (messageId is not null)
        {
            // Remembered before it is recorded: if the record fails (the database went away just now), the
            // message comes back, and this node records it then instead of mailing it again.
            _sent.Accepted(messageId);
            await _sent.MarkSentAsync(messageId);
        }
        await delivery.AckAsync();
        return MailDeliveryOutcome.Sent;
    }

    /// <summary>Best effort: a claim left behind only makes a later copy count as possibly mailed twice.</summary>
    private async Task ReleaseAsync(string? messageId)
    {
        if (messageId is null)
            return;
        try
        {
            await _sent.ReleaseAsync(messageId);
        }
        catch (NpgsqlException e)
        {
            _logger.LogWarning(e, "Could not release the claim on mail {MessageId}", messageId);
        }
    }

    private async Task<MailDeliveryOutcome> DeadLetterAsync(AmqpDelivery delivery, string? messageId, string reason)
    {
        await _deadLetters.MoveAsync(delivery, reason, CancellationToken.None);
        await delivery.AckAsync();
        _logger.LogWarning("Mail {MessageId} moved to {Queue}: {Reason}", messageId ?? "(no id)", MailQueues.DeadLetters, reason);
        return MailDeliveryOutcome.DeadLettered;
    }

    /// <summary>4xx replies are worth another try; 5xx replies are final.</summary>
    private static bool IsTransient(SmtpCommandException e) => (int)e.StatusCode is >= 400 and < 500;

    public async ValueTask DisposeAsync()
    {
        foreach (var sender in _allSenders)
            await sender.DisposeAsync();
        _deadLetterChannel.Dispose();
    }
}
