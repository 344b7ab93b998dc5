using System.Diagnostics.Metrics;

namespace AkkaOcr.Nodes.Observability;

/// <summary>
/// What a node did, on the <c>AkkaOcr</c> meter; back-end nodes export it at <c>/metrics</c> on their health
/// port in Prometheus text format. The counts are per process, so the nodes of one role, side by side, show
/// how the cluster spreads the work.
/// </summary>
public static class AkkaOcrMetrics
{
    public const string MeterName = "AkkaOcr";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> UserMessages = Meter.CreateCounter<long>(
        "akkaocr.user.messages", unit: "{message}", description: "Requests answered by the user entities on this node");

    private static readonly Counter<long> OcrImages = Meter.CreateCounter<long>(
        "akkaocr.ocr.images", unit: "{image}", description: "Images the OCR workers on this node finished, by outcome");

    private static readonly Histogram<double> OcrDuration = Meter.CreateHistogram<double>(
        "akkaocr.ocr.duration", unit: "s", description: "Time an OCR worker on this node spent on one image");

    /// <param name="kind"><c>command</c> or <c>query</c>.</param>
    public static void UserMessageAnswered(string kind) => UserMessages.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public static void OcrImageFinished(bool recognized, TimeSpan spent)
    {
        var outcome = new KeyValuePair<string, object?>("outcome", recognized ? "recognized" : "failed");
        OcrImages.Add(1, outcome);
        OcrDuration.Record(spent.TotalSeconds, outcome);
    }
}
