using AkkaOcr.Mail.Messaging.Amqp;
using RabbitMQ.Client;

namespace AkkaOcr.Mail;

/// <summary>Moves a message that will never be mailed to <c>email_notification.dead</c>, confirmed, with the reason in a header.</summary>
public sealed class DeadLetters(IChannel confirmChannel)
{
    public async Task MoveAsync(AmqpDelivery delivery, string reason, CancellationToken cancellationToken)
    {
        var properties = new BasicProperties(delivery.Properties)
        {
            Persistent = true,
            Headers = new Dictionary<string, object?>(delivery.Properties.Headers ?? new Dictionary<string, object?>())
            {
                [MailQueues.ReasonHeader] = reason.Length > 1000 ? reason[..1000] : reason,
            },
        };
        await confirmChannel.BasicPublishAsync(string.Empty, MailQueues.DeadLetters, mandatory: true, properties, delivery.Body, cancellationToken);
    }
}
