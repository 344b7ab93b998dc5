using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Akka.Streams.Dsl;
using AkkaOcr.Mail.Messaging;
using AkkaOcr.Mail.Messaging.Amqp;

namespace AkkaOcr.Mail;

/// <summary>Registry key of the mail outbox singleton.</summary>
public sealed class MailOutbox;

/// <summary>
/// The cluster's one mail outbox (a singleton on <c>users</c> nodes). It follows the journal's
/// <c>mail</c> tag from its stored offset, publishes one message per event with publisher confirms
/// (<see cref="MailOutboxMessages"/>: the mail, or the event set aside with its reason), and stores the
/// offset only after the broker confirmed. A failure of the journal, the broker or the offset store
/// restarts the stream with backoff from the stored offset: mail is delayed, never lost. An event that
/// cannot become a mail never stops it. Published twice after a crash at worst; the stable message id
/// lets the notifier drop the second copy.
/// </summary>
public sealed class MailOutboxActor : RestartingStreamActor<MailOutboxActor.Published>
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    /// <summary>Held for <see cref="CreateRun"/>, which the stream calls again from outside the actor after a failure.</summary>
    private readonly ActorSystem _system = Context.System;
    private readonly RabbitMqConnectionProvider _rabbit;
    private readonly MailOutboxOffsets _offsets;
    private readonly MailEventQuery _events;
    private readonly MailOutboxMessages _messages;

    public MailOutboxActor(RabbitMqConnectionProvider rabbit, MailOutboxOffsets offsets, MailEventQuery events, MailOutboxMessages messages)
    {
        _rabbit = rabbit;
        _offsets = offsets;
        _events = events;
        _messages = messages;
    }

    public static Props Props(RabbitMqConnectionProvider rabbit, MailOutboxOffsets offsets, MailEventQuery events, MailOutboxMessages messages) =>
        Akka.Actor.Props.Create(() => new MailOutboxActor(rabbit, offsets, events, messages));

    /// <summary>How long the outbox waits for the write journal to create its tables before its start counts as failed and is retried.</summary>
    private static readonly TimeSpan JournalTablesTimeout = TimeSpan.FromSeconds(30);

    /// <summary>A batch the broker confirmed and whose offset is stored.</summary>
    public sealed record Published(int Count, long Offset);

    protected override Source<Published, NotUsed> CreateRun()
    {
        return Source.FromTask(StartFromStoredOffsetAsync())
            .ConcatMany(offset => MailEventSource.From(_events, _system, offset, TimeProvider.System))
            .Select(_messages.For)
            .Via(AmqpStages.PublishConfirmed<MailOutboxPosition>(_rabbit.GetConnectionAsync))
            .Select(ReportSetAside)
            .GroupedWithin(256, TimeSpan.FromMilliseconds(200))
            .SelectAsync(1, async confirmed =>
            {
                var offset = confirmed.Last().Ordering;
                await _offsets.SaveAsync(offset);
                return new Published(confirmed.Count(), offset);
            });
    }

    protected override void OnReport(Published published) =>
        _log.Debug("Published {Count} messages; offset {Offset}", published.Count, published.Offset);

    private async Task<long> StartFromStoredOffsetAsync()
    {
        // The write journal creates its tables as it starts, and the outbox's index needs them. Waited for
        // here, a slow start is retried with the stream's backoff; waited for in PreStart, it would stop the
        // singleton for good.
        Persistence.Instance.Apply(_system).JournalFor(null);
        using (var tables = new CancellationTokenSource(JournalTablesTimeout))
            await _events.PrepareAsync(tables.Token);
        await MailQueues.DeclareAsync(await _rabbit.GetConnectionAsync(CancellationToken.None));
        var offset = await _offsets.LoadAsync();
        _log.Info("Mail outbox publishing from journal offset {Offset}", offset);
        return offset;
    }

    /// <summary>Logged and counted once the broker holds the set-aside notice, so a retried batch is not reported twice.</summary>
    private MailOutboxPosition ReportSetAside(MailOutboxPosition position)
    {
        if (position.SetAside is { } setAside)
        {
            MailMetrics.EventSetAside(setAside.Kind);
            _log.Warning("Mail event {EventId} set aside on {Queue} ({Kind}): {Reason}",
                position.EventId, MailQueues.DeadLetters, setAside.Kind, setAside.Reason);
        }
        return position;
    }
}
