using Akka;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace AkkaOcr.Mail.Messaging;

/// <summary>
/// An actor that owns one long-running stream: started with the actor, started again with backoff
/// (<see cref="StreamBackoff.Default"/>) whenever it fails, and shut down with the actor. What the stream
/// emits comes back to the actor as <typeparamref name="TReport"/> messages.
/// </summary>
public abstract class RestartingStreamActor<TReport> : ReceiveActor
{
    private UniqueKillSwitch? _stream;

    protected RestartingStreamActor() => Receive<TReport>(OnReport);

    /// <summary>A fresh run of the stream: called at start and after each failure.</summary>
    protected abstract Source<TReport, NotUsed> CreateRun();

    protected abstract void OnReport(TReport report);

    protected override void PreStart()
    {
        var self = Self;
        _stream = RestartSource.OnFailuresWithBackoff(CreateRun, StreamBackoff.Default)
            .ViaMaterialized(KillSwitches.Single<TReport>(), Keep.Right)
            .To(Sink.ForEach<TReport>(report => self.Tell(report)))
            .Run(Context.Materializer());
    }

    protected override void PostStop() => _stream?.Shutdown();
}
