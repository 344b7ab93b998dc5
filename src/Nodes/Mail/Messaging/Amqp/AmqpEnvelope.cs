using RabbitMQ.Client;

namespace AkkaOcr.Mail.Messaging.Amqp;

/// <summary>
/// A message to publish, with the caller's <typeparamref name="TContext"/> (an offset, say) that
/// comes out of the publishing flow only once the broker has confirmed the message.
/// </summary>
public sealed record AmqpEnvelope<TContext>(string RoutingKey, ReadOnlyMemory<byte> Body, BasicProperties Properties, TContext Context);
