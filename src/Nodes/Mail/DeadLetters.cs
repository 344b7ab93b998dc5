using AkkaOcr.Mail.Messaging.Amqp;
using RabbitMQ.Client;

namespace AkkaOcr.Mail;

/// <summary>
/// Moves a message that will never be mailed to <c>email_notification.dead</c>, confirmed, with the reason in a
/// header, kept there for <see cref="MailQueues.DeadLetterRetentionMilliseconds"/>. A code mail goes without its
/// code: the operator needs to know a code mail failed, not the code.
/// </summary>
public sealed class DeadLetters(IChannel confirmChannel)
{
    public async Task MoveAsync(AmqpDelivery delivery, string reason, CancellationToken cancellationToken)
    {
        var properties = new BasicProperties(delivery.Properties)
        {
            Persistent = true,
            Expiration = MailQueues.DeadLetterRetentionMilliseconds,
            Headers = new Dictionary<string, object?>(delivery.Properties.Headers ?? new Dictionary<string, object?>())
            {
                [MailQueues.ReasonHeader] = reason.Length > 1000 ? reason[..1000] : reason,
            },
        };
        await confirmChannel.BasicPublishAsync(string.Empty, MailQueues.DeadLetters, mandatory: true, properties,
            WithoutCode(delivery.Body), cancellationToken);
    }

    private static ReadOnlyMemory<byte> WithoutCode(ReadOnlyMemory<byte> body) =>
        MailNotification.TryParse(body.Span) is { } mail && mail.Other?.GetValueOrDefault(MailComposer.KindKey) == MailComposer.OtpKind
            ? (mail with { Subject = CodeRemoved, Body = CodeRemoved }).ToJson()
            : body;

    private const string CodeRemoved = "[a one-time code mail; its code is not kept]";
}
