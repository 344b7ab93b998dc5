using System.Diagnostics.Metrics;
using AkkaOcr.ServiceDefaults.Observability;

namespace AkkaOcr.Jobs;

/// <summary>What the document jobs on this node did.</summary>
public static class JobMetrics
{
    private static readonly Meter Meter = new(AkkaOcrMeter.Name);

    private static readonly Counter<long> Submitted = Meter.CreateCounter<long>(
        "akkaocr.job.submitted", unit: "{job}", description: "Document jobs accepted by the job entities on this node");

    private static readonly Counter<long> SubmittedPages = Meter.CreateCounter<long>(
        "akkaocr.job.submitted_pages", unit: "{page}", description: "Pages of the document jobs accepted on this node");

    private static readonly Counter<long> Pages = Meter.CreateCounter<long>(
        "akkaocr.job.pages_recorded", unit: "{page}", description: "Pages read and recorded by the job entities on this node");

    private static readonly Counter<long> Finished = Meter.CreateCounter<long>(
        "akkaocr.job.finished", unit: "{job}", description: "Document jobs ended on this node, by outcome");

    public static void JobSubmitted(int pages)
    {
        Submitted.Add(1);
        SubmittedPages.Add(pages);
    }

    public static void PageRecorded() => Pages.Add(1);

    /// <param name="outcome"><c>succeeded</c>, <c>failed</c> or <c>cancelled</c>.</param>
    public static void JobFinished(string outcome) => Finished.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
