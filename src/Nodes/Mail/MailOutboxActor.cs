using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using AkkaOcr.Nodes.Messaging;
using AkkaOcr.Nodes.Messaging.Amqp;
using AkkaOcr.Nodes.Users;
using RabbitMQ.Client;

namespace AkkaOcr.Nodes.Mail;

/// <summary>Registry key of the mail outbox singleton.</summary>
public sealed class MailOutbox;

/// <summary>
/// The cluster's one mail outbox (a singleton on <c>users</c> nodes). It follows the journal's
/// <c>mail</c> tag from its stored offset, publishes each mail with publisher confirms, and stores the
/// offset only after the broker confirmed. Any failure (broker down, nack, database down) restarts the
/// stream with backoff from the stored offset: mail is delayed, never lost. Published twice after a
/// crash at worst; the stable message id lets the notifier drop the second copy.
/// </summary>
public sealed class MailOutboxActor : ReceiveActor
{
    public static readonly RestartSettings Backoff = RestartSettings.Create(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.2);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly RabbitMqConnectionProvider _rabbit;
    private readonly MailOutboxOffsets _offsets;
    private readonly MailComposer _composer;
    private UniqueKillSwitch? _stream;

    public MailOutboxActor(RabbitMqConnectionProvider rabbit, MailOutboxOffsets offsets, MailComposer composer)
    {
        _rabbit = rabbit;
        _offsets = offsets;
        _composer = composer;
        Receive<int>(published => _log.Debug("Published {Count} mails", published));
    }

    public static Props Props(RabbitMqConnectionProvider rabbit, MailOutboxOffsets offsets, MailComposer composer) =>
        Akka.Actor.Props.Create(() => new MailOutboxActor(rabbit, offsets, composer));

    protected override void PreStart()
    {
        var system = Context.System;
        var self = Self;
        _stream = RestartSource.OnFailuresWithBackoff(() =>
                Source.FromTask(StartFromStoredOffsetAsync(system))
                    .ConcatMany(start => start.Journal.EventsByTag(UserActor.MailTag, Offset.Sequence(start.Offset)))
                    .Select(ToEnvelope)
                    .Via(AmqpStages.PublishConfirmed<long>(_rabbit.GetConnectionAsync))
                    .GroupedWithin(256, TimeSpan.FromMilliseconds(200))
                    .SelectAsync(1, async confirmed =>
                    {
                        await _offsets.SaveAsync(confirmed.Last());
                        return confirmed.Count();
                    }),
                Backoff)
            .ViaMaterialized(KillSwitches.Single<int>(), Keep.Right)
            .To(Sink.ForEach<int>(published => self.Tell(published)))
            .Run(Context.Materializer());
    }

    protected override void PostStop() => _stream?.Shutdown();

    private async Task<(SqlReadJournal Journal, long Offset)> StartFromStoredOffsetAsync(ActorSystem system)
    {
        // The read journal's constructor waits a few seconds on the journal, longer than that on a busy
        // start. Made here, a failure is retried with the stream's backoff; made in PreStart, it would
        // stop the singleton for good.
        var journal = await Task.Run(() => PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier));
        await MailQueues.DeclareAsync(await _rabbit.GetConnectionAsync(CancellationToken.None));
        var offset = await _offsets.LoadAsync();
        _log.Info("Mail outbox publishing from journal offset {Offset}", offset);
        return (journal, offset);
    }

    /// <summary>
    /// Every tagged event must yield a mail. One that does not is a bug, and the outbox stops on it
    /// (retrying with backoff, logging each time) rather than skip past it.
    /// </summary>
    private AmqpEnvelope<long> ToEnvelope(EventEnvelope envelope)
    {
        var ordering = ((Sequence)envelope.Offset).Value;
        var mail = _composer.Compose(UserActor.EmailOf(envelope.PersistenceId), envelope.Event)
                   ?? throw new InvalidOperationException(
                       $"{envelope.Event.GetType().Name} is tagged '{UserActor.MailTag}' but no mail is composed for it");
        var properties = new BasicProperties
        {
            Persistent = true,
            ContentType = "application/json",
            MessageId = $"{envelope.PersistenceId}:{envelope.SequenceNr}",
            Type = mail.Other?.GetValueOrDefault(MailComposer.KindKey),
            Timestamp = new AmqpTimestamp(DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
        };
        return new AmqpEnvelope<long>(MailQueues.Notifications, mail.ToJson(), properties, ordering);
    }
}
