using System.Globalization;
using System.Security.Cryptography;
using Akka.Persistence.Query;
using AkkaOcr.Mail.Messaging.Amqp;
using AkkaOcr.Messages.Serialization;
using AkkaOcr.Users;
using RabbitMQ.Client;

namespace AkkaOcr.Mail;

/// <summary>Where the outbox stands once a message is confirmed: the event's journal offset, and whether it was set aside.</summary>
public sealed record MailOutboxPosition(long Ordering, string EventId, UnmailableEvent? SetAside);

/// <summary>
/// Turns each event tagged <c>mail</c> into the one message the outbox publishes for it: its mail on
/// <c>email_notification</c>, or, when it cannot become a mail, a set-aside notice on
/// <c>email_notification.dead</c>. Both carry the event's id as <c>message_id</c> and go through the same
/// confirmed publishing, so the outbox's offset passes a bad event exactly as it passes a good one.
/// </summary>
/// <remarks>
/// Only the event decides what happens here: composing is pure work on it (no I/O), so a failure of it is
/// the event's. Failures of the journal, the broker and the offset store are raised by the stream's other
/// stages and stop the stream, which retries: those never set anything aside.
/// </remarks>
public sealed class MailOutboxMessages(MailComposer composer)
{
    /// <summary>The AMQP <c>type</c> of a set-aside notice.</summary>
    public const string SetAsideType = "unmailable-event";

    public AmqpEnvelope<MailOutboxPosition> For(EventEnvelope envelope)
    {
        var ordering = ((Sequence)envelope.Offset).Value;
        var eventId = EventId(envelope.PersistenceId, envelope.SequenceNr);
        var (mail, unmailable) = Compose(envelope);
        if (mail is not null)
            return new AmqpEnvelope<MailOutboxPosition>(MailQueues.Notifications, mail.ToJson(), PropertiesFor(eventId, mail),
                new MailOutboxPosition(ordering, eventId, SetAside: null));

        var properties = Properties(eventId, SetAsideType);
        properties.Expiration = MailQueues.DeadLetterRetentionMilliseconds;
        properties.Headers = new Dictionary<string, object?> { [MailQueues.ReasonHeader] = $"{unmailable!.Kind}: {unmailable.Reason}" };
        var body = unmailable.ToJson(envelope.PersistenceId, envelope.SequenceNr, ordering, EventTypeOf(envelope.Event));
        return new AmqpEnvelope<MailOutboxPosition>(MailQueues.DeadLetters, body, properties,
            new MailOutboxPosition(ordering, eventId, unmailable));
    }

    /// <summary>The message id of the mail an event becomes: the event's own id, stable across replays.</summary>
    public static string EventId(string persistenceId, long sequenceNr) => $"{persistenceId}:{sequenceNr}";

    /// <summary>
    /// The AMQP properties of a mail on <c>email_notification</c>: persistent JSON, typed by its kind. A code
    /// mail expires in the queue when its code does: mailed later, it would only carry a dead code.
    /// </summary>
    public static BasicProperties PropertiesFor(string eventId, MailNotification mail)
    {
        var properties = Properties(eventId, mail.Other?.GetValueOrDefault(MailComposer.KindKey));
        if (mail.Other?.GetValueOrDefault(MailComposer.ExpiresAtKey) is { } expiresAt
            && DateTimeOffset.TryParse(expiresAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at))
            properties.Expiration = ((long)Math.Max(0, (at - DateTimeOffset.UtcNow).TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
        return properties;
    }

    private static BasicProperties Properties(string eventId, string? type) => new()
    {
        Persistent = true,
        ContentType = "application/json",
        MessageId = eventId,
        Type = type,
        Timestamp = new AmqpTimestamp(DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
    };

    private (MailNotification? Mail, UnmailableEvent? Unmailable) Compose(EventEnvelope envelope)
    {
        if (envelope.Event is UnreadableEvent unreadable)
            return (null, new UnmailableEvent(UnmailableEvent.Unreadable, $"{unreadable.Manifest}: {unreadable.Reason}"));
        try
        {
            var mail = composer.Compose(envelope.PersistenceId, envelope.Event);
            return mail is not null
                ? (mail, null)
                : (null, new UnmailableEvent(UnmailableEvent.Uncomposable, $"no mail is made of a {EventTypeOf(envelope.Event)}"));
        }
        catch (CryptographicException e)
        {
            return (null, new UnmailableEvent(UnmailableEvent.Unsealable, e.Message));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Only the exception's type: a composer's message might quote what it was composing.
            return (null, new UnmailableEvent(UnmailableEvent.Uncomposable, $"composing its mail threw {e.GetType().Name}"));
        }
    }

    private static string EventTypeOf(object @event) => @event is UnreadableEvent unreadable ? unreadable.Manifest : @event.GetType().Name;
}
