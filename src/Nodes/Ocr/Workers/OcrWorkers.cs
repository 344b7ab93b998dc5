using Akka.Actor;
using AkkaOcr.Messages.Ocr;
using AkkaOcr.ServiceDefaults.Cluster;

namespace AkkaOcr.Ocr.Workers;

/// <summary>
/// The parent of an <c>ocr</c> node's workers, at <see cref="OcrWorkerContract.ParentName"/>. A worker whose engine failed
/// is restarted with a fresh engine; one that keeps failing is stopped so the node reports fewer workers
/// rather than looping. A router cancels a job here, not at its worker: the worker is busy inside the engine
/// until the page is read, while this actor is free to flip the job's cancellation, which the engine checks
/// between words.
/// </summary>
public sealed class OcrWorkers : ReceiveActor
{
    /// <summary>A thread per worker: OCR blocks for seconds, and must never hold the actor system's shared threads.</summary>
    public const string DispatcherId = "akkaocr-ocr-worker-dispatcher";

    public OcrWorkers(OcrWorkerSettings settings, Func<string, IOcrEngine> createEngine, IReadOnlyList<string> installedLanguages,
        OcrEngineInfo? engineInfo = null)
    {
        var cancellations = new OcrCancellations();
        var memory = MemoryPressure.From(settings);
        for (var i = 1; i <= settings.EffectiveWorkers; i++)
            Context.ActorOf(OcrWorkerActor.Props(createEngine, settings.Languages, installedLanguages, settings.MaxImageBytes, cancellations, memory,
                settings.EffectiveWorkers, engineInfo), $"worker-{i}");

        Receive<OcrCommands.CancelJob>(cancel => cancellations.Cancel(cancel.JobId));
        Receive<Drain>(_ =>
        {
            var children = Context.GetChildren().ToList();
            var requester = Sender;
            // A worker answers once it has read every image already sent to it; all of them then means drained.
            Task.WhenAll(children.Select(child => child.Ask<Drained>(Drain.Instance, settings.Timeout + TimeSpan.FromSeconds(5))))
                .PipeTo(requester, success: () => Drained.Instance, failure: e => new Status.Failure(e));
        });
    }

    public static Props Props(OcrWorkerSettings settings, Func<string, IOcrEngine> createEngine, IReadOnlyList<string> installedLanguages,
        OcrEngineInfo? engineInfo = null) =>
        Akka.Actor.Props.Create(() => new OcrWorkers(settings, createEngine, installedLanguages, engineInfo));

    /// <summary>Asks every worker to finish what it was sent; answered with <see cref="Drained"/>. Local only.</summary>
    public sealed class Drain
    {
        public static readonly Drain Instance = new();
    }

    public sealed class Drained
    {
        public static readonly Drained Instance = new();
    }

    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(maxNrOfRetries: 10, withinTimeRange: TimeSpan.FromMinutes(1), decider: Decider.From(Directive.Restart));
}
