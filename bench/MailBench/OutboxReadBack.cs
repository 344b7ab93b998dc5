using System.Diagnostics;
using Akka.Actor;
using Akka.Hosting;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using AkkaOcr.Mail;
using AkkaOcr.ServiceDefaults.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AkkaOcr.Bench.MailBench;

/// <summary>
/// The outbox's read path alone: <see cref="MailEventSource"/> over the seeded journal, every event
/// deserialized by the production serializer, nothing published. Its rate shows what the journal's size
/// costs the outbox's reads, apart from the broker and the notifier that share the machine with it.
/// </summary>
public static class OutboxReadBack
{
    public static async Task<TimeSpan> RunAsync(string postgres, int events, CancellationToken cancellationToken)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddAkka("mail-bench-read", akka => akka.AddAkkaOcrSerialization());
        using var host = builder.Build();
        await host.StartAsync(cancellationToken);
        var system = host.Services.GetRequiredService<ActorSystem>();
        await using var db = NpgsqlDataSource.Create(postgres);
        var query = new MailEventQuery(db);
        // The index is built here, unmeasured, as the node would build it on its first start.
        await query.PrepareAsync(cancellationToken);

        var started = Stopwatch.GetTimestamp();
        var read = await MailEventSource.From(query, system, offset: 0, TimeProvider.System)
            .Take(events)
            .RunWith(Sink.Aggregate<EventEnvelope, int>(0, (total, _) => total + 1), system.Materializer())
            .WaitAsync(cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        await host.StopAsync(CancellationToken.None);
        if (read != events)
            throw new InvalidOperationException($"the outbox's source read {read} mail events, not {events}");
        return elapsed;
    }
}
