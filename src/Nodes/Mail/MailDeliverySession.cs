using System.Runtime.ExceptionServices;
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
/// Mails queue messages, in batches, for one run of the notifier stream: <see cref="Workers"/> SMTP
/// connections, each mailing one batch at a time, and one confirm channel for dead letters. Per message
/// it decides: mail it and ack; drop a duplicate and ack; dead-letter what can never be mailed and ack;
/// or, when the SMTP server or the database cannot be reached, or the server still answers 4xx after
/// every quick try, fail so the stream stops and the unacknowledged messages go back to the queue.
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

    /// <summary>
    /// Mails a batch of messages over one SMTP connection: the ids claimed in one round trip, the newly
    /// claimed (and the unconfirmed) ones mailed, the accepted ones recorded, and only then acknowledged.
    /// A failure of the database or of the SMTP connection fails the stream after acknowledging what is
    /// mailed and recorded; the rest goes back to the queue.
    /// </summary>
    public async Task<IReadOnlyList<MailDeliveryOutcome>> HandleBatchAsync(IReadOnlyList<AmqpDelivery> batch)
    {
        var outcomes = new List<MailDeliveryOutcome>(batch.Count);
        var mails = new List<PendingMail>(batch.Count);
        var messageIds = new HashSet<string>(StringComparer.Ordinal);
        List<AmqpDelivery>? sameIdAgain = null;
        foreach (var delivery in batch)
        {
            var messageId = delivery.Properties.MessageId;
            var message = Render(delivery, messageId);
            if (message is null)
                outcomes.Add(await DeadLetterAsync(delivery, messageId, "malformed: not {\"email\", \"subject\", \"body\", \"other\"} JSON with a valid address"));
            else if (string.IsNullOrEmpty(messageId))
                mails.Add(new PendingMail(delivery, message, null));
            else if (messageIds.Add(messageId))
                mails.Add(new PendingMail(delivery, message, messageId));
            else
                (sameIdAgain ??= []).Add(delivery);
        }
        outcomes.AddRange(await MailAsync(mails, messageIds));
        // A second copy within one batch is judged once the first is recorded or released, like any redelivery.
        if (sameIdAgain is not null)
            outcomes.AddRange(await HandleBatchAsync(sameIdAgain));
        return outcomes;
    }

    private MimeMessage? Render(AmqpDelivery delivery, string? messageId)
    {
        var mail = MailNotification.TryParse(delivery.Body.Span);
        try
        {
            return mail is null ? null : MailRenderer.Render(mail, _from, messageId);
        }
        catch (ParseException)
        {
            // An address MimeKit cannot parse is as malformed as broken JSON.
            return null;
        }
    }

    private async Task<List<MailDeliveryOutcome>> MailAsync(List<PendingMail> mails, IReadOnlyCollection<string> messageIds)
    {
        var outcomes = new List<MailDeliveryOutcome>(mails.Count);
        if (mails.Count == 0)
            return outcomes;

        // A failure of the database here fails the stream: the messages go back to the queue, nothing was sent.
        var claims = await _sent.ClaimAllAsync(messageIds);
        var recorder = new SentMailRecorder(_sent);
        var toSend = new List<PendingMail>(mails.Count);
        var duplicates = new List<AmqpDelivery>();
        foreach (var mail in mails)
        {
            if (mail.MessageId is not { } messageId)
            {
                toSend.Add(mail);
                continue;
            }
            var claim = claims[messageId];
            if (claim == SentMailLog.Claim.AlreadySent || _sent.IsAcceptedButUnrecorded(messageId))
            {
                // Only a mail this node saw accepted still lacks its record; one recorded already needs no second write.
                if (claim != SentMailLog.Claim.AlreadySent)
                    recorder.Add(messageId);
                duplicates.Add(mail.Delivery);
                continue;
            }
            if (claim == SentMailLog.Claim.Unconfirmed)
            {
                // An earlier attempt stopped between the SMTP server and the record: it may have been mailed.
                // Losing a mail is worse than mailing it twice, so it goes again, counted.
                MailMetrics.UnconfirmedMailSentAgain();
                _logger.LogWarning("Mail {MessageId} was claimed before and never confirmed; mailing it again, possibly a second time", messageId);
            }
            toSend.Add(mail);
        }

        var sent = new List<AmqpDelivery>(toSend.Count);
        ExceptionDispatchInfo? broken = null;
        var sender = await _senders.Reader.ReadAsync();
        try
        {
            for (var i = 0; i < toSend.Count && broken is null; i++)
            {
                var mail = toSend[i];
                try
                {
                    await _transientRetry.ExecuteAsync(async token => await sender.SendAsync(mail.Message, token));
                }
                catch (SmtpCommandException e) when (!IsTransient(e))
                {
                    await ReleaseAsync(mail.MessageId);
                    outcomes.Add(await DeadLetterAsync(mail.Delivery, mail.MessageId, $"rejected: {(int)e.StatusCode} {e.Message}"));
                    continue;
                }
                catch (Exception e)
                {
                    // The SMTP server could not be reached, dropped the connection, or still says "try later" after
                    // every quick try: a server away for now, not a mail that can never be sent (dead-lettering it
                    // would lose a code good for minutes yet). As far as this node knows, neither this mail nor the
                    // ones after it were accepted, and they go back to the queue; a code mail's expiry bounds it.
                    if (e is SmtpCommandException refused)
                        _logger.LogWarning("Mail {MessageId} still answered {Status} after {Attempts} tries; it goes back to the queue",
                            mail.MessageId ?? "(no id)", (int)refused.StatusCode, MaxAttempts);
                    foreach (var unsent in toSend.Skip(i))
                        await ReleaseAsync(unsent.MessageId);
                    broken = ExceptionDispatchInfo.Capture(e);
                    continue;
                }
                if (mail.MessageId is { } messageId)
                {
                    // Remembered before it is recorded: if the record fails (the database went away just now),
                    // the message comes back, and this node records it then instead of mailing it again.
                    _sent.Accepted(messageId);
                    recorder.Add(messageId);
                }
                sent.Add(mail.Delivery);
            }
        }
        finally
        {
            _senders.Writer.TryWrite(sender);
        }

        // Acknowledged only once recorded: if recording fails, none of these is acknowledged, and each comes back.
        await recorder.FlushAsync();
        foreach (var delivery in sent)
        {
            await delivery.AckAsync();
            outcomes.Add(MailDeliveryOutcome.Sent);
        }
        foreach (var delivery in duplicates)
        {
            await delivery.AckAsync();
            outcomes.Add(MailDeliveryOutcome.Duplicate);
        }
        broken?.Throw();
        return outcomes;
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
