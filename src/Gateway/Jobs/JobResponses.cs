using System.Text.Json.Serialization;
using AkkaOcr.Messages.Jobs;

namespace AkkaOcr.Gateway.Jobs;

/// <summary>The answer to <c>POST /ocr/jobs</c>.</summary>
public sealed record JobAcceptedResponse(
    [property: JsonPropertyName("job_id")] string JobId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("status_url")] string StatusUrl);

/// <summary>A job as <c>GET /ocr/jobs/{id}</c>, the job list and the event stream show it.</summary>
public sealed record JobResponse(
    [property: JsonPropertyName("job_id")] string JobId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("pages_total")] int PagesTotal,
    [property: JsonPropertyName("pages_done")] int PagesDone,
    [property: JsonPropertyName("progress")] double Progress,
    [property: JsonPropertyName("created")] DateTimeOffset Created,
    [property: JsonPropertyName("finished")] DateTimeOffset? Finished,
    [property: JsonPropertyName("error")] string? Error)
{
    public static JobResponse From(JobView job) => new(job.JobId.ToString(), job.Status.ToApiName(), job.PagesTotal, job.PagesDone,
        Math.Round(job.Progress, 4), job.Created, job.Finished, job.Error);
}

/// <summary>The caller's jobs, newest first; <c>next_before</c> fetches the page after this one.</summary>
public sealed record JobListResponse(
    [property: JsonPropertyName("jobs")] IReadOnlyList<JobResponse> Jobs,
    [property: JsonPropertyName("next_before")] DateTimeOffset? NextBefore);

/// <summary>The <c>json</c> result: every page's text, confidence and words with boxes in the page's pixels.</summary>
public sealed record JobJsonResult(
    [property: JsonPropertyName("job_id")] string JobId,
    [property: JsonPropertyName("pages")] IReadOnlyList<JobPageResult> Pages);

public sealed record JobPageResult(
    [property: JsonPropertyName("page")] int Page,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("confidence")] float Confidence,
    [property: JsonPropertyName("width")] int Width,
    [property: JsonPropertyName("height")] int Height,
    [property: JsonPropertyName("resolution")] int Resolution,
    [property: JsonPropertyName("words")] IReadOnlyList<JobWordResult> Words);

public sealed record JobWordResult(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("confidence")] float Confidence,
    [property: JsonPropertyName("left")] int Left,
    [property: JsonPropertyName("top")] int Top,
    [property: JsonPropertyName("width")] int Width,
    [property: JsonPropertyName("height")] int Height);
