using RabbitMQ.Client;

namespace AkkaOcr.Mail;

/// <summary>The queues of the mail pipeline. Declared plain and durable, as the demo declared them, so both sides agree.</summary>
public static class MailQueues
{
    public const string Notifications = "email_notification";
    public const string DeadLetters = "email_notification.dead";

    /// <summary>Header on a dead-lettered message saying why it was given up.</summary>
    public const string ReasonHeader = "x-akkaocr-reason";

    /// <summary>
    /// How long a dead letter is kept for an operator to look at (7 days), as each message's own expiry: the
    /// queue keeps its plain declaration, which brokers already holding it would refuse to change.
    /// </summary>
    public static readonly string DeadLetterRetentionMilliseconds =
        ((long)TimeSpan.FromDays(7).TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static async Task DeclareAsync(IConnection connection, CancellationToken cancellationToken = default)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(Notifications, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(DeadLetters, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
    }
}
