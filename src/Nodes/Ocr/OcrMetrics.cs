using System.Diagnostics.Metrics;
using AkkaOcr.ServiceDefaults.Observability;

namespace AkkaOcr.Ocr;

/// <summary>What the OCR workers on this node did.</summary>
public static class OcrMetrics
{
    private static readonly Meter Meter = new(AkkaOcrMeter.Name);

    private static readonly Counter<long> Images = Meter.CreateCounter<long>(
        "akkaocr.ocr.images", unit: "{image}", description: "Images the OCR workers on this node finished, by outcome");

    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "akkaocr.ocr.duration", unit: "s", description: "Time an OCR worker on this node spent on one image");

    private static readonly Counter<long> Declined = Meter.CreateCounter<long>(
        "akkaocr.ocr.declined", unit: "{image}", description: "Images the OCR workers on this node did not start, the node being near its memory limit");

    public static void ImageDeclined() => Declined.Add(1);

    public static void ImageFinished(bool recognized, TimeSpan spent)
    {
        var outcome = new KeyValuePair<string, object?>("outcome", recognized ? "recognized" : "failed");
        Images.Add(1, outcome);
        Duration.Record(spent.TotalSeconds, outcome);
    }
}
