using System.Security.Cryptography;
using Akka.Persistence.Query;
using AkkaOcr.Messages.Serialization;
using AkkaOcr.Nodes.Messaging.Amqp;
using AkkaOcr.Nodes.Users;
using RabbitMQ.Client;

namespace AkkaOcr.Nodes.Mail;

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
        var eventId = $"{envelope.PersistenceId}:{envelope.SequenceNr}";
        var properties = new BasicProperties
        {
            Persistent = true,
            ContentType = "application/json",
            MessageId = eventId,
            Timestamp = new AmqpTimestamp(DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
        };
        var (mail, unmailable) = Compose(envelope);
        if (mail is not null)
        {
            properties.Type = mail.Other?.GetValueOrDefault(MailComposer.KindKey);
            return new AmqpEnvelope<MailOutboxPosition>(MailQueues.Notifications, mail.ToJson(), properties,
                new MailOutboxPosition(ordering, eventId, SetAside: null));
        }

        properties.Type = SetAsideType;
        properties.Headers = new Dictionary<string, object?> { [MailQueues.ReasonHeader] = $"{unmailable!.Kind}: {unmailable.Reason}" };
        var body = unmailable.ToJson(envelope.PersistenceId, envelope.SequenceNr, ordering, EventTypeOf(envelope.Event));
        return new AmqpEnvelope<MailOutboxPosition>(MailQueues.DeadLetters, body, properties,
            new MailOutboxPosition(ordering, eventId, unmailable));
    }

    private (MailNotification? Mail, UnmailableEvent? Unmailable) Compose(EventEnvelope envelope)
    {
        if (envelope.Event is UnreadableEvent unreadable)
            return (null, new UnmailableEvent(UnmailableEvent.Unreadable, $"{unreadable.Manifest}: {unreadable.Reason}"));
        try
        {
            var mail = composer.Compose(UserActor.EmailOf(envelope.PersistenceId), envelope.Event);
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
