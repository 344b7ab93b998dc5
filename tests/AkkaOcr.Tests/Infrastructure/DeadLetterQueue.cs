using System.Text;
using AkkaOcr.Mail;
using RabbitMQ.Client;

namespace AkkaOcr.Tests.Infrastructure;

/// <summary>A message taken from <c>email_notification.dead</c>: its reason header, AMQP type, message id, expiry and body.</summary>
public sealed record DeadLetter(string Reason, string? Type, string? MessageId, string? Expiration, string Body)
{
    /// <summary>Takes exactly <paramref name="count"/> messages off the dead-letter queue, waiting up to <paramref name="timeout"/> for them.</summary>
    public static async Task<IReadOnlyList<DeadLetter>> TakeAsync(IConnection broker, int count, TimeSpan timeout)
    {
        var taken = new List<DeadLetter>();
        await using var channel = await broker.CreateChannelAsync();
        var deadline = DateTime.UtcNow + timeout;
        while (taken.Count < count && DateTime.UtcNow < deadline)
        {
            var message = await channel.BasicGetAsync(MailQueues.DeadLetters, autoAck: true);
            if (message is null)
            {
                await Task.Delay(250);
                continue;
            }
            taken.Add(new DeadLetter(
                Encoding.UTF8.GetString((byte[])message.BasicProperties.Headers![MailQueues.ReasonHeader]!),
                message.BasicProperties.Type, message.BasicProperties.MessageId, message.BasicProperties.Expiration,
                Encoding.UTF8.GetString(message.Body.Span)));
        }
        Assert.True(count == taken.Count, $"{taken.Count} of {count} dead letters within {timeout.TotalSeconds:0} s");
        return taken;
    }

    public static async Task<uint> CountAsync(IConnection broker)
    {
        await using var channel = await broker.CreateChannelAsync();
        return await channel.MessageCountAsync(MailQueues.DeadLetters);
    }
}
