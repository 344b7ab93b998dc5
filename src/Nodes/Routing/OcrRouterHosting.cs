using Akka.Hosting;

namespace AkkaOcr.Routing;

public static class OcrRouterHosting
{
    /// <summary>Starts this gateway's router to the cluster's OCR workers.</summary>
    public static AkkaConfigurationBuilder AddOcrRouter(this AkkaConfigurationBuilder akka, OcrRoutingSettings settings) =>
        akka.WithActors((system, registry) => registry.Register<OcrRouter>(system.ActorOf(OcrRouter.Props(settings), OcrRouter.Name)));
}
