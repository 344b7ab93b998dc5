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

    private static readonly Counter<long> MailEventsSetAside = Meter.CreateCounter<long>(
        "akkaocr.mail.outbox.set_aside", unit: "{event}",
        description: "Events tagged mail that could not become a mail and were set aside on email_notification.dead, by kind");

    /// <param name="kind"><c>command</c> or <c>query</c>.</param>
    public static void UserMessageAnswered(string kind) => UserMessages.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public static void OcrImageFinished(bool recognized, TimeSpan spent)
    {
        var outcome = new KeyValuePair<string, object?>("outcome", recognized ? "recognized" : "failed");
        OcrImages.Add(1, outcome);
        OcrDuration.Record(spent.TotalSeconds, outcome);
    }

    /// <param name="kind">One of the <see cref="Mail.UnmailableEvent"/> kinds.</param>
    public static void MailEventSetAside(string kind) => MailEventsSetAside.Add(1, new KeyValuePair<string, object?>("kind", kind));
}
