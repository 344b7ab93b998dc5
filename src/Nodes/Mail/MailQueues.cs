using RabbitMQ.Client;

namespace AkkaOcr.Mail;

/// <summary>The queues of the mail pipeline. Declared plain and durable, as the demo declared them, so both sides agree.</summary>
public static class MailQueues
{
    public const string Notifications = "email_notification";
    public const string DeadLetters = "email_notification.dead";

    /// <summary>Header on a dead-lettered message saying why it was given up.</summary>
    public const string ReasonHeader = "x-akkaocr-reason";

    public static async Task DeclareAsync(IConnection connection, CancellationToken cancellationToken = default)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(Notifications, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(DeadLetters, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
    }
}
