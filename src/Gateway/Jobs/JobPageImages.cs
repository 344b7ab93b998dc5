using Akka.Hosting;
using AkkaOcr.Documents.Storage;
using AkkaOcr.Documents.Tools;
using AkkaOcr.Gateway.Ocr;
using AkkaOcr.Gateway.RateLimiting;
using AkkaOcr.Messages.Jobs;
using AkkaOcr.ServiceDefaults.Cluster;

namespace AkkaOcr.Gateway.Jobs;

/// <summary>
/// <c>GET /ocr/jobs/{id}/pages/{page}/image</c>: a page of a finished job as a small PNG, so a person can see
/// the words' boxes over the page they came from. The image is made on request from the stored document
/// rather than kept: it is cheap at this resolution, and a job's stored data stays its document and results.
/// The document is still an upload, so it is rasterized in a child process under the tools' limits.
/// </summary>
public static class JobPageImages
{
    /// <summary>Enough to see the page on a screen and a box per word; a tenth of the pixels OCR reads at 300 dpi.</summary>
    public const int Dpi = 100;

    /// <summary>A page claiming a poster's size still gets at most this many pixels.</summary>
    private static readonly RasterOptions Preview = new(Dpi, 4_000_000, RasterImageFormat.Png);

    /// <summary>The image of a finished page does not change until the job is deleted; only the owner's browser keeps it.</summary>
    private const string CacheControl = "private, max-age=3600";

    public static RouteHandlerBuilder MapJobPageImages(this RouteGroupBuilder jobs) =>
        jobs.MapGet("/{id}/pages/{page:int}/image", GetAsync)
            .WithSummary($"A succeeded job's page as a PNG at {Dpi} dpi, to show the result's word boxes over (scale them by the page's width and height in the json result)")
            .RequireRateLimiting(ClientRateLimits.PolicyName)
            .Produces(StatusCodes.Status200OK, contentType: "image/png")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    public static async Task<IResult> GetAsync(string id, int page, HttpContext context, JobStore store, IRequiredActor<JobRegion> jobs,
        CancellationToken cancellationToken)
    {
        if (OcrCaller.From(context.User) is not { } caller)
            return JobEndpoints.NotSignedIn();
        if (!DocumentJobId.TryParse(id, out var jobId))
            return JobEndpoints.NotFound();
        var answer = await JobEndpoints.AskAsync(jobs, new JobQueries.GetJob(jobId, caller.UserId), cancellationToken);
        if (answer is JobReplies.NotFound)
            return JobEndpoints.NotFound();
        if (answer is not JobReplies.Found { Job: var job })
            return JobEndpoints.Unavailable(context, answer);
        if (job.Status != JobStatus.Succeeded)
            return OcrEndpoints.Problem(StatusCodes.Status409Conflict, "Job not finished",
                $"The job is {job.Status.ToApiName()}; its pages are shown once it has succeeded.");
        if (page < 1 || page > job.PagesTotal)
            return OcrEndpoints.Problem(StatusCodes.Status404NotFound, "Page not found", $"The job has pages 1 to {job.PagesTotal}.");

        using var scratch = new ScratchDirectory();
        var document = scratch.File("document.pdf");
        if (!await store.CopyDocumentToAsync(jobId, document, cancellationToken))
            return JobEndpoints.NotFound(); // deleted meanwhile
        RasterizedPage image;
        try
        {
            image = await PageRasterizer.RasterizeAsync(document, page, Preview, ToolLimits.Default, cancellationToken);
        }
        catch (Exception e) when (e is DocumentToolException or DocumentRefusedException)
        {
            // The document was read once already; a tool failing now is the gateway's load or limits, not the file.
            return OcrEndpoints.Problem(StatusCodes.Status503ServiceUnavailable, "Page image unavailable",
                "The page could not be drawn just now. Try again shortly.", context, TimeSpan.FromSeconds(5));
        }
        context.Response.Headers.CacheControl = CacheControl;
        return TypedResults.File(image.Image, "image/png");
    }
}
