using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Streams.Dsl;
using AkkaOcr.Mail.Messaging;
using AkkaOcr.Mail.Messaging.Amqp;
using Microsoft.Extensions.Logging;

namespace AkkaOcr.Mail;

/// <summary>Registry key of a notifier node's consumer.</summary>
public sealed class Notifier;

/// <summary>
/// Consumes <c>email_notification</c> and mails its messages in batches (<see cref="NotifierSettings"/>)
/// through <see cref="MailDeliverySession"/>.
/// When the broker or the SMTP server is away the stream fails, its unacknowledged messages return to
/// the queue, and it starts again with backoff: an outage delays mail, it loses none.
/// </summary>
public sealed class NotifierActor : RestartingStreamActor<MailDeliveryOutcome>
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly RabbitMqConnectionProvider _rabbit;
    private readonly SentMailLog _sent;
    private readonly SmtpSettings _smtp;
    private readonly NotifierSettings _settings;
    private readonly ILogger _sessionLogger;

    public NotifierActor(RabbitMqConnectionProvider rabbit, SentMailLog sent, SmtpSettings smtp, NotifierSettings settings, ILoggerFactory loggers)
    {
        _rabbit = rabbit;
        _sent = sent;
        _smtp = smtp;
        _settings = settings;
        _sessionLogger = loggers.CreateLogger<MailDeliverySession>();
    }

    public static Props Props(RabbitMqConnectionProvider rabbit, SentMailLog sent, SmtpSettings smtp, NotifierSettings settings, ILoggerFactory loggers) =>
        Akka.Actor.Props.Create(() => new NotifierActor(rabbit, sent, smtp, settings, loggers));

    protected override Source<MailDeliveryOutcome, NotUsed> CreateRun() =>
        Source.FromTask(OpenSessionAsync())
            .ConcatMany(session => AmqpStages.Consume(_rabbit.GetConnectionAsync, MailQueues.Notifications, _settings.Prefetch)
                .GroupedWithin(_settings.BatchSize, _settings.BatchWindow)
                // Unordered: a batch waiting out a 4xx retry holds one worker, not the batches behind it.
                // Each delivery is acknowledged by its own tag, so order does not matter to the broker.
                .SelectAsyncUnordered(MailDeliverySession.Workers, batch => session.HandleBatchAsync(batch.ToList()))
                .SelectMany(outcomes => outcomes)
                .WatchTermination((_, done) =>
                {
                    done.ContinueWith(_ => session.DisposeAsync().AsTask(), TaskScheduler.Default);
                    return NotUsed.Instance;
                }));

    protected override void OnReport(MailDeliveryOutcome outcome) => _log.Debug("Mail {Outcome}", outcome);

    private async Task<MailDeliverySession> OpenSessionAsync()
    {
        var session = await MailDeliverySession.OpenAsync(await _rabbit.GetConnectionAsync(CancellationToken.None), _sent, _smtp, _sessionLogger);
        _log.Info("Notifier consuming {Queue}, mailing through {Host}:{Port}", MailQueues.Notifications, _smtp.Host, _smtp.Port);
        return session;
    }
}
