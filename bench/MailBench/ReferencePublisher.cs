using System.Diagnostics;
using AkkaOcr.Mail;
using AkkaOcr.Messages.Users;
using AkkaOcr.Users;
using RabbitMQ.Client;

namespace AkkaOcr.Bench.MailBench;

/// <summary>
/// The broker's own rate: RabbitMQ.Client publishing mail notifications straight to a durable queue,
/// persistent, with publisher confirms awaited in batches. Body and properties are built the way the
/// outbox builds them, but before the clock starts: this is what the broker and client can do, with
/// none of the pipeline's own work.
/// </summary>
public static class ReferencePublisher
{
    private const string Queue = "mail_bench_reference";

    public static async Task<PhaseResult> RunAsync(string rabbitUri, int count, int confirmBatch, CpuMeter cpu, CancellationToken cancellationToken)
    {
        var messages = Enumerable.Range(0, count).Select(Message).ToArray();
        var factory = new ConnectionFactory { Uri = new Uri(rabbitUri), ClientProvidedName = "mail-bench-reference" };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        // The library's own throttle would cap outstanding confirms below the batch; the batch is the throttle here.
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true,
                outstandingPublisherConfirmationsRateLimiter: null),
            cancellationToken);
        await channel.QueueDeclareAsync(Queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueuePurgeAsync(Queue, cancellationToken);

        var before = cpu.Sample();
        var started = Stopwatch.GetTimestamp();
        var outstanding = new List<ValueTask>(confirmBatch);
        foreach (var (body, properties) in messages)
        {
            outstanding.Add(channel.BasicPublishAsync(string.Empty, Queue, mandatory: true, properties, body, cancellationToken));
            if (outstanding.Count == confirmBatch)
                await AwaitConfirmsAsync(outstanding);
        }
        await AwaitConfirmsAsync(outstanding);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var used = cpu.Sample() - before;

        var queued = await channel.MessageCountAsync(Queue, cancellationToken);
        await channel.QueueDeleteAsync(Queue, cancellationToken: cancellationToken);
        if (queued != (uint)count)
            throw new InvalidOperationException($"reference queue holds {queued} messages after {count} confirmed publishes");
        return new PhaseResult(count, elapsed, used);
    }

    /// <summary>A confirm arrives as the completion of its publish; a nack or return throws here.</summary>
    private static async Task AwaitConfirmsAsync(List<ValueTask> outstanding)
    {
        foreach (var confirm in outstanding)
            await confirm;
        outstanding.Clear();
    }

    private static (ReadOnlyMemory<byte> Body, BasicProperties Properties) Message(int index)
    {
        var email = BenchUsers.Email(index);
        var mail = MailComposer.OtpMail(email, OtpCodes.NewCode(), DateTimeOffset.UtcNow + OtpPolicy.Validity);
        // A registration then a code: the code is the user's second event, as in the seeded journal.
        var properties = MailOutboxMessages.PropertiesFor(MailOutboxMessages.EventId(UserActor.PersistenceIdFor(email), 2), mail);
        return (mail.ToJson(), properties);
    }
}
