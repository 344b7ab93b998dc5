using RabbitMQ.Client;

namespace AkkaOcr.Mail.Messaging.Amqp;

/// <summary>
/// A message taken from a queue with manual acknowledgement. It stays unacknowledged, and counts
/// against the prefetch, until <see cref="AckAsync"/>; if the consumer dies first, the broker delivers
/// it again.
/// </summary>
public sealed class AmqpDelivery(IChannel channel, ulong deliveryTag, byte[] body, IReadOnlyBasicProperties properties, bool redelivered)
{
    public ReadOnlyMemory<byte> Body { get; } = body;

    public IReadOnlyBasicProperties Properties { get; } = properties;

    public bool Redelivered { get; } = redelivered;

    public ValueTask AckAsync(CancellationToken cancellationToken = default) =>
        channel.BasicAckAsync(deliveryTag, multiple: false, cancellationToken);
}
