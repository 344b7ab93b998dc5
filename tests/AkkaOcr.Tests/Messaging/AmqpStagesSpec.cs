using System.Text;
using Akka.Streams;
using Akka.Streams.Dsl;
using AkkaOcr.Mail.Messaging.Amqp;
using AkkaOcr.Tests.Infrastructure;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace AkkaOcr.Tests.Messaging;

/// <summary>The publishing flow and the consuming source against the real broker of ./test.sh.</summary>
public sealed class AmqpStagesSpec(ITestOutputHelper output) : Akka.Hosting.TestKit.TestKit(output: output), IAsyncLifetime
{
    private readonly string _queue = $"q-{Guid.NewGuid():N}";
    private IConnection _connection = null!;

    protected override void ConfigureAkka(Akka.Hosting.AkkaConfigurationBuilder builder, IServiceProvider provider)
    {
        // Streams only: no cluster, no persistence.
    }

    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        await base.InitializeAsync();
        _connection = await new ConnectionFactory { Uri = new Uri(TestServices.RabbitMqUri) }.CreateConnectionAsync();
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await using (var channel = await _connection.CreateChannelAsync())
            await channel.QueueDeleteAsync(_queue);
        await _connection.CloseAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Confirmed_messages_come_out_in_order_and_are_consumed_and_acknowledged()
    {
        await DeclareQueueAsync();
        var confirmed = await Source.From(Enumerable.Range(1, 200))
            .Select(i => Envelope($"message {i}", i))
            .Via(AmqpStages.PublishConfirmed<int>(Connection))
            .RunWith(Sink.Seq<int>(), Sys.Materializer());
        Assert.Equal(Enumerable.Range(1, 200), confirmed);

        var received = await AmqpStages.Consume(Connection, _queue, prefetch: 8)
            .SelectAsync(1, async delivery =>
            {
                await delivery.AckAsync();
                return Encoding.UTF8.GetString(delivery.Body.Span);
            })
            .Take(200)
            .RunWith(Sink.Seq<string>(), Sys.Materializer());

        Assert.Equal(Enumerable.Range(1, 200).Select(i => $"message {i}"), received);
        Assert.Equal(0u, await MessageCountAsync());
    }

    [Fact]
    public async Task A_nacked_publish_fails_the_stream_instead_of_dropping_the_message()
    {
        // A queue that holds one message and rejects the rest makes the broker nack the second publish.
        await DeclareQueueAsync(new Dictionary<string, object?> { ["x-max-length"] = 1, ["x-overflow"] = "reject-publish" });

        var run = Source.From(new[] { 1, 2, 3 })
            .Select(i => Envelope($"message {i}", i))
            .Via(AmqpStages.PublishConfirmed<int>(Connection, inFlight: 1))
            .RunWith(Sink.Seq<int>(), Sys.Materializer());

        await Assert.ThrowsAsync<PublishException>(() => run);
        Assert.Equal(1u, await MessageCountAsync());
    }

    [Fact]
    public async Task A_message_taken_but_not_acknowledged_is_delivered_again_to_the_next_consumer()
    {
        await DeclareQueueAsync();
        await Source.Single(Envelope("only once acknowledged", 1)).Via(AmqpStages.PublishConfirmed<int>(Connection))
            .RunWith(Sink.Ignore<int>(), Sys.Materializer());

        var first = await AmqpStages.Consume(Connection, _queue).Take(1).RunWith(Sink.First<AmqpDelivery>(), Sys.Materializer());
        Assert.False(first.Redelivered);
        // The first stream is over and its channel closed without an ack: the consumer "died".

        var again = await AmqpStages.Consume(Connection, _queue)
            .SelectAsync(1, async delivery =>
            {
                await delivery.AckAsync();
                return delivery;
            })
            .Take(1).RunWith(Sink.First<AmqpDelivery>(), Sys.Materializer());

        Assert.True(again.Redelivered);
        Assert.Equal("only once acknowledged", Encoding.UTF8.GetString(again.Body.Span));
        await AwaitAssertAsync(async () => Assert.Equal(0u, await MessageCountAsync()), TimeSpan.FromSeconds(5));
    }

    private Task<IConnection> Connection(CancellationToken _) => Task.FromResult(_connection);

    private AmqpEnvelope<int> Envelope(string text, int context) =>
        new(_queue, Encoding.UTF8.GetBytes(text), new BasicProperties { Persistent = true, MessageId = $"m-{context}" }, context);

    private async Task DeclareQueueAsync(IDictionary<string, object?>? arguments = null)
    {
        await using var channel = await _connection.CreateChannelAsync();
        await channel.QueueDeclareAsync(_queue, durable: true, exclusive: false, autoDelete: false, arguments: arguments);
    }

    private async Task<uint> MessageCountAsync()
    {
        await using var channel = await _connection.CreateChannelAsync();
        return await channel.MessageCountAsync(_queue);
    }
}
