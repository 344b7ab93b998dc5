namespace AkkaOcr.ServiceDefaults.Observability;

/// <summary>
/// The one meter every feature records on; back-end nodes export it at <c>/metrics</c> on their health port
/// in Prometheus text format. The counts are per process, so the nodes of one role, side by side, show how
/// the cluster spreads the work.
/// </summary>
public static class AkkaOcrMeter
{
    public const string Name = "AkkaOcr";
}
