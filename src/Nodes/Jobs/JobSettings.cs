using AkkaOcr.Routing;

namespace AkkaOcr.Jobs;

/// <summary>
/// How users nodes run document jobs, from the <c>Ocr</c> section: <c>Ocr__MaxActiveJobsPerUser</c>, <c>Ocr__PdfDpi</c>, <c>Ocr__JobRetention</c>,
/// <c>Ocr__Timeout</c> (per page), <c>Ocr__MaxPixels</c>, <c>Ocr__QueuePerWorker</c>, and two of their own:
/// <c>Ocr__PagesInFlightPerJob</c>, <c>Ocr__JobSweepInterval</c>, <c>Ocr__ToolTimeout</c> and <c>Ocr__JobStallTimeout</c>.
/// </summary>
public sealed class JobSettings
{
    public const string SectionName = "Ocr";

    /// <summary>The resolution PDF pages are rasterized at (lower for a page whose scan is coarser).</summary>
    public int PdfDpi { get; set; } = 300;

    /// <summary>Jobs queued or running per user (<c>Ocr__MaxActiveJobsPerUser</c>): the job side admits each job against it.</summary>
    public int MaxActiveJobsPerUser { get; set; } = 5;

    /// <summary>How long a finished job, its document and its results are kept.</summary>
    public TimeSpan JobRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The deadline of one page on a worker.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public long MaxPixels { get; set; } = 40_000_000;

    public int QueuePerWorker { get; set; } = 2;

    /// <summary>
    /// Pages one job has rasterized or on workers at once. Jobs take turns in the router's queue, so this
    /// bounds how far one large job can get ahead of another, and how much memory its pages hold.
    /// </summary>
    public int PagesInFlightPerJob { get; set; } = 4;

    /// <summary>How often the keeper wakes unfinished jobs (after a node was lost) and deletes expired ones.</summary>
    public TimeSpan JobSweepInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a child process (rasterizer, text reader, PDF builder) may run.</summary>
    public TimeSpan ToolTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a running job waits for an OCR worker to take any of its pages (no ocr node up, or all of
    /// them refusing work) before it fails with that reason, instead of waiting without end. The clock
    /// restarts with each page recorded, and on each wake-up of the job.
    /// </summary>
    public TimeSpan JobStallTimeout { get; set; } = TimeSpan.FromHours(1);

    public OcrRoutingSettings Routing => new(Timeout, QueuePerWorker);

    public IEnumerable<string> Validate()
    {
        if (PdfDpi is < 72 or > 600)
            yield return $"Ocr__PdfDpi {PdfDpi} is outside 72 to 600";
        if (JobRetention < TimeSpan.FromSeconds(1) || JobRetention > TimeSpan.FromDays(365))
            yield return $"Ocr__JobRetention {JobRetention} is outside 1 second to 365 days";
        if (MaxActiveJobsPerUser is < 1 or > 1000)
            yield return $"Ocr__MaxActiveJobsPerUser {MaxActiveJobsPerUser} is outside 1 to 1000";
        if (PagesInFlightPerJob is < 1 or > 64)
            yield return $"Ocr__PagesInFlightPerJob {PagesInFlightPerJob} is outside 1 to 64";
        if (JobSweepInterval < TimeSpan.FromMilliseconds(100) || JobSweepInterval > TimeSpan.FromHours(1))
            yield return $"Ocr__JobSweepInterval {JobSweepInterval} is outside 100 ms to 1 hour";
        if (ToolTimeout < TimeSpan.FromSeconds(1) || ToolTimeout > TimeSpan.FromMinutes(10))
            yield return $"Ocr__ToolTimeout {ToolTimeout} is outside 1 second to 10 minutes";
        if (JobStallTimeout < TimeSpan.FromSeconds(1) || JobStallTimeout > TimeSpan.FromDays(7))
            yield return $"Ocr__JobStallTimeout {JobStallTimeout} is outside 1 second to 7 days";
    }
}
