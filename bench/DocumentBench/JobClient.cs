using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace AkkaOcr.Bench.DocumentBench;

/// <summary>When a job's milestones were seen, counted from the start of its upload.</summary>
public sealed record JobTimes(string JobId, TimeSpan Accepted, TimeSpan? FirstPage, TimeSpan? LastPage, TimeSpan Succeeded);

/// <summary>
/// Submits a document to <c>POST /ocr/jobs</c> (with <paramref name="query"/>, such as <c>rotate=false</c>) and polls
/// <c>GET /ocr/jobs/{id}</c> every 100 ms until it succeeds.
/// </summary>
public sealed class JobClient(HttpClient http, string query)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(30);

    public async Task<JobTimes> RunAsync(byte[] pdf)
    {
        var started = Stopwatch.GetTimestamp();
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(pdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        content.Add(file, "file", "document.pdf");
        using var response = await http.PostAsync(query.Length == 0 ? "/ocr/jobs" : "/ocr/jobs?" + query, content);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Accepted)
            throw new InvalidOperationException($"POST /ocr/jobs answered {(int)response.StatusCode}: {body}");
        var accepted = Stopwatch.GetElapsedTime(started);
        var jobId = JsonDocument.Parse(body).RootElement.GetProperty("job_id").GetString()!;

        TimeSpan? firstPage = null, lastPage = null;
        while (true)
        {
            using var job = JsonDocument.Parse(await http.GetStringAsync($"/ocr/jobs/{jobId}"));
            var now = Stopwatch.GetElapsedTime(started);
            var status = job.RootElement.GetProperty("status").GetString();
            var done = job.RootElement.GetProperty("pages_done").GetInt32();
            var total = job.RootElement.GetProperty("pages_total").GetInt32();
            if (firstPage is null && done >= 1)
                firstPage = now;
            if (lastPage is null && total > 0 && done >= total)
                lastPage = now;
            if (status == "succeeded")
                return new JobTimes(jobId, accepted, firstPage, lastPage, now);
            if (status is "failed" or "cancelled")
                throw new InvalidOperationException($"job {jobId} ended {status}: {job.RootElement}");
            if (now > Limit)
                throw new TimeoutException($"job {jobId} did not finish within {Limit.TotalMinutes:0} minutes: {job.RootElement}");
            await Task.Delay(PollInterval);
        }
    }
}
