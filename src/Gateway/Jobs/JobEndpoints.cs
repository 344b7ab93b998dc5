using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Akka.Actor;
using Akka.Hosting;
using AkkaOcr.Documents.Storage;
using AkkaOcr.Gateway.Ocr;
using AkkaOcr.Gateway.RateLimiting;
using AkkaOcr.Gateway.Uploads;
using AkkaOcr.Messages.Jobs;
using AkkaOcr.ServiceDefaults.Cluster;

namespace AkkaOcr.Gateway.Jobs;

/// <summary>
/// Documents as jobs: <c>POST /ocr/jobs</c> stores the document and hands it to a job entity, which reads
/// its pages over the whole cluster; the other routes show the caller's jobs, stream their progress, give
/// the results, and cancel or delete. Another user's job is not found, never forbidden.
/// </summary>
public static class JobEndpoints
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How often the event stream asks the job for news.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>A stream ends after this long even if the job has not; the client reconnects and gets the current state first.</summary>
    private static readonly TimeSpan StreamLimit = TimeSpan.FromHours(1);

    private const int DefaultListLimit = 20;
    private const int MaxListLimit = 100;

    public static IEndpointRouteBuilder MapJobEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var jobs = endpoints.MapGroup("/ocr/jobs").WithTags("Document jobs").RequireAuthorization();
        jobs.MapPost("", SubmitAsync)
            .WithSummary("Read a document (multipart field 'file': a PDF, a TIFF of any number of pages, or an image); query lang, psm, rotate, deskew, skip_text")
            .RequireRateLimiting(ClientRateLimits.PolicyName)
            .Produces<JobAcceptedResponse>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        jobs.MapGet("", ListAsync)
            .WithSummary("The caller's jobs, newest first (query limit, before)")
            .Produces<JobListResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        jobs.MapGet("/{id}", GetAsync)
            .WithSummary("A job's status and progress, with an ETag naming its phase (\"active\" while queued or running, then its final status) for a conditional DELETE")
            .Produces<JobResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        jobs.MapGet("/{id}/events", Events)
            .WithSummary("Server-sent events: 'progress' at each change, then one final event named by the final status")
            .Produces<JobResponse>(StatusCodes.Status200OK, "text/event-stream")
            .ProducesProblem(StatusCodes.Status404NotFound);
        jobs.MapGet("/{id}/result", ResultAsync)
            .WithSummary("A finished job's result (query format: text, json, hocr, alto or pdf, the searchable PDF)")
            .Produces<JobJsonResult>()
            .Produces<string>(StatusCodes.Status200OK, "text/plain", "text/html", "application/xml")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        jobs.MapDelete("/{id}", DeleteAsync)
            .WithSummary("Cancel a queued or running job (202), or delete a finished one with its document and results (204)")
            .WithDescription("With If-Match (the ETag of GET /ocr/jobs/{id}: \"active\", or a final status), the delete acts only while the "
                             + "job is in that phase and answers 412 otherwise, so a cancel sent as the job finishes never deletes it. "
                             + "Without If-Match, or with If-Match: *, it acts on the job as it is.")
            .Produces<JobResponse>(StatusCodes.Status202Accepted)
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        jobs.MapJobPageImages();
        return endpoints;
    }

    public static async Task<IResult> SubmitAsync(HttpContext context, GatewaySettings settings, DocumentIntake intake,
        IRequiredActor<JobRegion> jobs, UploadSlots uploads, CancellationToken cancellationToken)
    {
        var ocr = settings.Ocr;
        var query = context.Request.Query;
        var errors = new Dictionary<string, string[]>();
        var options = new JobOptions(
            OcrQuery.Language(query, ocr, errors),
            OcrQuery.PageSegmentationMode(query, errors),
            Rotate: OcrQuery.Flag(query, "rotate", true, errors),
            Deskew: OcrQuery.Flag(query, "deskew", false, errors),
            SkipText: OcrQuery.Flag(query, "skip_text", true, errors));
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        if (OcrCaller.From(context.User) is not { } caller)
            return NotSignedIn();

        // The place is taken before the body is read, and held until the document is stored: it is in memory that long.
        var place = uploads.TryTake(caller.UserId);
        if (place is not UploadSlots.Slot slot)
            return UploadRefusal.For(context, place);
        using var held = slot;

        var upload = await ImageUpload.ReadAsync(context.Request, ocr.MaxDocumentBytes, cancellationToken);
        if (upload is not ImageUpload.Received { Image: var document })
            return upload is ImageUpload.TooLarge
                ? OcrEndpoints.Problem(StatusCodes.Status413PayloadTooLarge, "Document too large", $"A document is at most {ocr.MaxDocumentBytes} bytes.")
                : OcrEndpoints.Problem(StatusCodes.Status400BadRequest, "No document", ((ImageUpload.Invalid)upload).Detail);

        var taken = await intake.TakeAsync(caller.UserId, document, cancellationToken);
        if (taken is DocumentIntake.Refused refused)
            return refused.Problem;
        var (jobId, pageCount) = (DocumentIntake.Stored)taken;

        var answer = await AskAsync(jobs, new JobCommands.Submit(jobId, caller.UserId, caller.Email, pageCount, options),
            cancellationToken);
        return answer switch
        {
            JobReplies.Accepted accepted => TypedResults.Accepted(StatusUrl(jobId),
                new JobAcceptedResponse(jobId.ToString(), accepted.Job.Status.ToApiName(), StatusUrl(jobId))),
            JobReplies.TooManyActiveJobs tooMany => OcrEndpoints.Problem(StatusCodes.Status429TooManyRequests, "Too many active jobs",
                $"You have {tooMany.Active} jobs queued or running, the most at once is {tooMany.Max}. Wait for one to finish, or cancel one.",
                context, TimeSpan.FromSeconds(30)),
            _ => Unavailable(context, answer),
        };
    }

    public static async Task<IResult> ListAsync(HttpContext context, JobStore store, CancellationToken cancellationToken)
    {
        if (OcrCaller.From(context.User) is not { } caller)
            return NotSignedIn();
        var query = context.Request.Query;
        var errors = new Dictionary<string, string[]>();
        var limit = DefaultListLimit;
        if (query.ContainsKey("limit") && (!int.TryParse(query["limit"], out limit) || limit is < 1 or > MaxListLimit))
            errors["limit"] = [$"is a number from 1 to {MaxListLimit}"];
        DateTimeOffset? before = null;
        if (query.ContainsKey("before"))
        {
            if (DateTimeOffset.TryParse(query["before"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                before = parsed;
            else
                errors["before"] = ["is a time in ISO 8601, such as a job's 'created' or the list's 'next_before'"];
        }
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var rows = await store.ListAsync(caller.UserId, limit, before, cancellationToken);
        return TypedResults.Ok(new JobListResponse(
            rows.Select(row => JobResponse.From(row.ToView())).ToList(),
            rows.Count == limit ? rows[^1].Created : null));
    }

    public static async Task<IResult> GetAsync(string id, HttpContext context, IRequiredActor<JobRegion> jobs, CancellationToken cancellationToken)
    {
        if (OcrCaller.From(context.User) is not { } caller)
            return NotSignedIn();
        if (!DocumentJobId.TryParse(id, out var jobId))
            return NotFound();
        var answer = await AskAsync(jobs, new JobQueries.GetJob(jobId, caller.UserId), cancellationToken);
        if (answer is not JobReplies.Found { Job: var job })
            return answer is JobReplies.NotFound ? NotFound() : Unavailable(context, answer);
        context.Response.Headers.ETag = JobEntityTags.Of(job.Status);
        // The tag names the job's phase, not its progress: a cache must ask again every time, never answer from a stored copy.
        context.Response.Headers.CacheControl = "no-cache";
        return TypedResults.Ok(JobResponse.From(job));
    }

    public static async Task<IResult> Events(string id, HttpContext context, IRequiredActor<JobRegion> jobs, CancellationToken cancellationToken)
    {
        if (OcrCaller.From(context.User) is not { } caller)
            return NotSignedIn();
        if (!DocumentJobId.TryParse(id, out var jobId))
            return NotFound();
        var first = await AskAsync(jobs, new JobQueries.GetJob(jobId, caller.UserId), cancellationToken);
        return first switch
        {
            JobReplies.Found found => TypedResults.ServerSentEvents(StreamAsync(found.Job, caller.UserId, await jobs.GetAsync(cancellationToken), cancellationToken)),
            JobReplies.NotFound => NotFound(),
            _ => Unavailable(context, first),
        };
    }

    /// <summary>
    /// The job's state first, then each change, then one final event named by the final status. A poll that
    /// goes unanswered (the job's node is being replaced) is skipped; the next one catches up.
    /// </summary>
    private static async IAsyncEnumerable<SseItem<JobResponse>> StreamAsync(JobView job, string ownerId, IActorRef jobs,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var last = job;
        yield return Item(job);
        while (!last.Status.IsFinal() && DateTimeOffset.UtcNow - started < StreamLimit)
        {
            await Task.Delay(PollInterval, cancellationToken);
            object answer;
            try
            {
                answer = await jobs.Ask<object>(new JobQueries.GetJob(job.JobId, ownerId), AskTimeout, cancellationToken);
            }
            catch (AskTimeoutException)
            {
                continue;
            }
            if (answer is not JobReplies.Found { Job: var now })
                yield break; // deleted meanwhile
            if (now.Status == last.Status && now.PagesDone == last.PagesDone)
                continue;
            last = now;
            yield return Item(now);
        }
    }

    private static SseItem<JobResponse> Item(JobView job) =>
        new(JobResponse.From(job), job.Status.IsFinal() ? job.Status.ToApiName() : "progress");

    public static async Task<IResult> ResultAsync(string id, HttpContext context, JobStore store, IRequiredActor<JobRegion> jobs,
        CancellationToken cancellationToken)
    {
        if (OcrCaller.From(context.User) is not { } caller)
            return NotSignedIn();
        var format = context.Request.Query["format"].ToString().ToLowerInvariant();
        if (format.Length == 0)
            format = JobResultFormats.Json;
        if (!JobResultFormats.All.Contains(format))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = [$"is one of {string.Join(", ", JobResultFormats.All)}"] });
        if (!DocumentJobId.TryParse(id, out var jobId))
            return NotFound();
        var answer = await AskAsync(jobs, new JobQueries.GetJob(jobId, caller.UserId), cancellationToken);
        if (answer is JobReplies.NotFound)
            return NotFound();
        if (answer is not JobReplies.Found { Job: var job })
            return Unavailable(context, answer);
        if (job.Status != JobStatus.Succeeded)
            return OcrEndpoints.Problem(StatusCodes.Status409Conflict, "Job not finished",
                job.Status.IsFinal()
                    ? $"The job is {job.Status.ToApiName()} and has no result{(job.Error is null ? "." : $": {job.Error}")}"
                    : $"The job is {job.Status.ToApiName()} ({job.PagesDone} of {job.PagesTotal} pages); its result is ready once it has succeeded.");

        if (format == JobOutputs.Pdf)
            return await store.ReadOutputAsync(jobId, JobOutputs.Pdf, cancellationToken) is { } pdf
                ? TypedResults.File(pdf, "application/pdf", $"{jobId}.pdf")
                : NotFound();
        var pages = await store.ReadPagesAsync(jobId, withTextLayers: false, cancellationToken);
        return format switch
        {
            JobResultFormats.Text => TypedResults.Text(JobResultFormats.PlainText(pages), "text/plain; charset=utf-8"),
            JobResultFormats.Hocr => TypedResults.Text(JobResultFormats.HocrDocumentOf(pages), "text/html; charset=utf-8"),
            JobResultFormats.Alto => TypedResults.Text(JobResultFormats.AltoDocumentOf(pages), "application/xml; charset=utf-8"),
            _ => TypedResults.Ok(JobResultFormats.JsonResult(jobId, pages)),
        };
    }

    public static async Task<IResult> DeleteAsync(string id, HttpContext context, IRequiredActor<JobRegion> jobs, CancellationToken cancellationToken)
    {
        if (OcrCaller.From(context.User) is not { } caller)
            return NotSignedIn();
        if (!DocumentJobId.TryParse(id, out var jobId))
            return NotFound();
        IReadOnlyList<JobStatus>? ifStatusIn;
        switch (JobEntityTags.IfMatch(context.Request.Headers.IfMatch))
        {
            case JobEntityTags.StatusIn condition:
                ifStatusIn = condition.Statuses;
                break;
            case JobEntityTags.Unconditional:
                ifStatusIn = null;
                break;
            default:
                return OcrEndpoints.Problem(StatusCodes.Status400BadRequest, "Malformed If-Match",
                    "If-Match is * or a list of entity tags in quotes, such as the job's ETag \"active\".");
        }
        // The job's entity checks the condition itself: it is the job's one writer, so nothing changes between the check and the act.
        var answer = await AskAsync(jobs, new JobCommands.Delete(jobId, caller.UserId, ifStatusIn), cancellationToken);
        switch (answer)
        {
            case JobReplies.Cancelling cancelling:
                context.Response.Headers.ETag = JobEntityTags.Of(cancelling.Job.Status);
                return TypedResults.Accepted(StatusUrl(jobId), JobResponse.From(cancelling.Job));
            case JobReplies.Deleted:
                return TypedResults.NoContent();
            case JobReplies.NotFound:
                return NotFound();
            case JobReplies.PreconditionFailed { Job: var job }:
                context.Response.Headers.ETag = JobEntityTags.Of(job.Status);
                return OcrEndpoints.Problem(StatusCodes.Status412PreconditionFailed, "Job changed",
                    job.Status.IsFinal()
                        ? $"The job has {(job.Status == JobStatus.Cancelled ? "been cancelled" : job.Status.ToApiName())} already, so nothing was cancelled or deleted."
                        : "The job is still queued or running, so nothing was deleted.");
            default:
                return Unavailable(context, answer);
        }
    }

    internal static async Task<object> AskAsync(IRequiredActor<JobRegion> jobs, IWithDocumentJobId message, CancellationToken cancellationToken)
    {
        try
        {
            return await (await jobs.GetAsync(cancellationToken)).Ask<object>(message, AskTimeout, cancellationToken);
        }
        catch (AskTimeoutException)
        {
            return new JobReplies.Unavailable(message.JobId, "the job's node did not answer in time");
        }
    }

    private static string StatusUrl(DocumentJobId jobId) => $"/ocr/jobs/{jobId}";

    internal static IResult NotSignedIn() => TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Not signed in");

    internal static IResult NotFound() => OcrEndpoints.Problem(StatusCodes.Status404NotFound, "Job not found",
        "There is no job with this id among yours.");

    internal static IResult Unavailable(HttpContext context, object answer) => OcrEndpoints.Problem(StatusCodes.Status503ServiceUnavailable,
        "Jobs unavailable",
        answer is JobReplies.Unavailable unavailable
            ? $"The job could not be reached: {unavailable.Reason}. Try again shortly."
            : "The job gave an unexpected answer. Try again shortly.",
        context, TimeSpan.FromSeconds(5));
}
