using Akka.Hosting;
using AkkaOcr.Nodes.Ocr.Routing;
using AkkaOcr.Nodes.Ocr.Tesseract;
using AkkaOcr.Nodes.Ocr.Workers;
using AkkaOcr.Nodes.Settings;

namespace AkkaOcr.Nodes.Ocr;

/// <summary>The OCR features: workers on <c>ocr</c> nodes, and the router a gateway sends jobs through.</summary>
public static class OcrSetup
{
    /// <summary>
    /// Starts <c>Ocr__Workers</c> workers, each with its own Tesseract engine on its own thread.
    /// Call <see cref="TesseractRuntime.EnsureAvailable"/> first, so a missing library stops the node at start.
    /// </summary>
    public static AkkaConfigurationBuilder AddOcrWorkers(this AkkaConfigurationBuilder akka, OcrSettings settings)
    {
        var installed = TesseractRuntime.InstalledLanguages(settings.TessdataPath);
        return akka
            // Akka.Hosting has no dispatcher options, so the pinned dispatcher is one HOCON line.
            .AddHocon($"{OcrWorkers.DispatcherId} {{ type = PinnedDispatcher }}", HoconAddMode.Prepend)
            .WithActors((system, registry) =>
            {
                IOcrEngine CreateEngine(string language) => TesseractEngine.Create(settings.TessdataPath, language, settings.MaxPixels);
                registry.Register<OcrWorkers>(system.ActorOf(OcrWorkers.Props(settings, CreateEngine, installed), OcrWorkers.PathName));
            });
    }

    public static AkkaConfigurationBuilder AddOcrRouter(this AkkaConfigurationBuilder akka, OcrSettings settings) =>
        akka.WithActors((system, registry) => registry.Register<OcrRouter>(system.ActorOf(OcrRouter.Props(settings), OcrRouter.Name)));
}
