using System.Threading.Channels;
using Akka;
using Akka.Streams.Dsl;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace AkkaOcr.Mail.Messaging.Amqp;

/// <summary>
/// Akka.Streams stages over RabbitMQ.Client 7: a publishing flow with publisher confirms and a
/// consuming source with manual acknowledgement. Each materialization opens its own channel on the
/// given long-lived connection and closes it when the stream ends; a channel is never shared
/// between streams.
/// </summary>
public static class AmqpStages
{
    /// <summary>
    /// Publishes each envelope to <paramref name="exchange"/> (mandatory, so an unroutable message
    /// is an error) and emits its context once the broker confirms it, in input order. A nack, a
    /// return or a lost connection fails the stream: nothing is dropped silently, and the caller
    /// restarts from what it last saw confirmed.
    /// </summary>
    public static Flow<AmqpEnvelope<TContext>, TContext, NotUsed> PublishConfirmed<TContext>(
        Func<CancellationToken, Task<IConnection>> connection, string exchange = "", int inFlight = 64)
    {
        // The channel opens with the first element, so a stream that never publishes holds none.
        return Flow.LazyInitAsync(async () =>
            {
                var channel = await (await connection(CancellationToken.None)).CreateChannelAsync(
                    new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
                return Flow.Create<AmqpEnvelope<TContext>>()
                    .SelectAsync(inFlight, async envelope =>
                    {
                        await channel.BasicPublishAsync(exchange, envelope.RoutingKey, mandatory: true, envelope.Properties, envelope.Body);
                        return envelope.Context;
                    })
                    .WatchTermination((_, done) =>
                    {
                        done.ContinueWith(_ => channel.Dispose(), TaskScheduler.Default);
                        return NotUsed.Instance;
                    });
            })
            .MapMaterializedValue(_ => NotUsed.Instance);
    }

    /// <summary>
    /// Consumes <paramref name="queue"/> with manual acknowledgement and at most
    /// <paramref name="prefetch"/> unacknowledged messages, which is also the stage's buffer: the
    /// broker stops sending until the stream acknowledges. A closed channel fails the stream.
    /// </summary>
    public static Source<AmqpDelivery, NotUsed> Consume(
        Func<CancellationToken, Task<IConnection>> connection, string queue, ushort prefetch = 16)
    {
        return Source.FromTask(OpenAsync())
            .ConcatMany(open => ChannelSource.FromReader(open.Reader)
                .WatchTermination((_, done) =>
                {
                    done.ContinueWith(_ => open.Channel.Dispose(), TaskScheduler.Default);
                    return NotUsed.Instance;
                }));

        async Task<(IChannel Channel, ChannelReader<AmqpDelivery> Reader)> OpenAsync()
        {
            var channel = await (await connection(CancellationToken.None)).CreateChannelAsync();
            await channel.BasicQosAsync(0, prefetch, global: false);
            // Never fuller than the prefetch, because the broker sends no more than that unacknowledged.
            var buffer = System.Threading.Channels.Channel.CreateBounded<AmqpDelivery>(prefetch);
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += async (_, delivery) =>
                await buffer.Writer.WriteAsync(new AmqpDelivery(channel, delivery.DeliveryTag, delivery.Body.ToArray(),
                    delivery.BasicProperties, delivery.Redelivered));
            consumer.ShutdownAsync += (_, reason) =>
            {
                buffer.Writer.TryComplete(new IOException($"channel closed: {reason.ReplyText}"));
                return Task.CompletedTask;
            };
            await channel.BasicConsumeAsync(queue, autoAck: false, consumer);
            return (channel, buffer.Reader);
        }
    }
}
