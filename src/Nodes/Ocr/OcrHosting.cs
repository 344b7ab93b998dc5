using Akka;
using Akka.Actor;
using Akka.Hosting;
using AkkaOcr.Messages.Ocr;
using AkkaOcr.Ocr.Workers;
using AkkaOcr.ServiceDefaults.Cluster;

namespace AkkaOcr.Ocr;

/// <summary>The OCR workers of an <c>ocr</c> node.</summary>
public static class OcrHosting
{
    /// <summary>
    /// Starts <c>Ocr__Workers</c> workers, each with its own engine of the kind <c>Ocr__Engine</c> names on its
    /// own thread. Call <see cref="OcrEngineChoice.EnsureAvailable"/> first, so a missing library, model or
    /// device stops the node at start.
    /// </summary>
    public static AkkaConfigurationBuilder AddOcrWorkers(this AkkaConfigurationBuilder akka, OcrWorkerSettings settings)
    {
        var engine = OcrEngineChoice.For(settings);
        return akka
            // Akka.Hosting has no dispatcher options, so the pinned dispatcher is one HOCON line.
            .AddHocon($"{OcrWorkers.DispatcherId} {{ type = PinnedDispatcher }}", HoconAddMode.Prepend)
            .WithActors((system, registry) =>
            {
                var workers = system.ActorOf(OcrWorkers.Props(settings, engine.Create, engine.InstalledLanguages, engine.Info), OcrWorkerContract.ParentName);
                registry.Register<OcrWorkers>(workers);
                // On a graceful stop the node leaves first, so routers stop sending it work; while it is
                // exiting, the images already sent to it are read and answered before the system stops.
                CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseClusterExiting, "drain-ocr-workers", async () =>
                {
                    await workers.Ask<OcrWorkers.Drained>(OcrWorkers.Drain.Instance, settings.Timeout + TimeSpan.FromSeconds(10));
                    return Done.Instance;
                });
            })
            // The exiting phase must outlast the slowest image; Akka.Hosting has no option for phase timeouts.
            .AddHocon($"akka.coordinated-shutdown.phases.cluster-exiting.timeout = {(int)(settings.Timeout.TotalSeconds + 10)}s", HoconAddMode.Prepend);
    }
}
