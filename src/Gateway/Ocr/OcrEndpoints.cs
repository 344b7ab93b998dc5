using System.Diagnostics;
using Akka.Actor;
using Akka.Hosting;
using AkkaOcr.Gateway.Hosting;
using AkkaOcr.Gateway.Ocr.Images;
using AkkaOcr.Gateway.RateLimiting;
using AkkaOcr.Gateway.Uploads;
using AkkaOcr.Messages.Ocr;
using AkkaOcr.Routing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AkkaOcr.Gateway.Ocr;

/// <summary>
/// <c>POST /ocr</c>: checks the upload at the edge (size, format, pixel count, structure), hands it to a worker
/// through the gateway's <see cref="OcrRouter"/>, and answers with the text; the user is then mailed
/// the text through their journal and the mail outbox.
/// </summary>
public static class OcrEndpoints
{
    /// <summary>The router answers by the deadline plus a short grace; the Ask waits a little longer as a backstop.</summary>
    private static readonly TimeSpan AskSlack = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapOcrEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/ocr", Recognize).WithTags("OCR")
            .WithSummary("Read the text of an image (multipart field 'file'; query lang, psm, words, format)")
            .RequireAuthorization()
            .RequireRateLimiting(ClientRateLimits.PolicyName)
            .Produces<OcrResponse>()
            .Produces<string>(StatusCodes.Status200OK, "text/html", "text/tab-separated-values")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout);
        endpoints.MapGet("/ocr/languages", ListLanguagesAsync).WithTags("OCR")
            .WithSummary("The languages the cluster's OCR nodes read now ('lang' takes them joined by '+'), and their engines ('engine' takes a name)")
            .RequireAuthorization()
            .Produces<LanguagesResponse>();
        return endpoints;
    }

    public static async Task<IResult> Recognize(
        HttpContext context, GatewaySettings settings, IRequiredActor<OcrRouter> router, OcrResultRecorder mail, UploadSlots uploads,
        CancellationToken cancellationToken)
    {
        var ocr = settings.Ocr;
        var errors = new Dictionary<string, string[]>();
        var options = OcrQuery.Parse(context.Request.Query, ocr, errors);
        if (options is null)
            return TypedResults.ValidationProblem(errors);
        if (OcrCaller.From(context.User) is not { } caller)
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Not signed in");

        // The place is taken before the body is read, and held until the answer: the image is in memory that long.
        var place = uploads.TryTake(caller.UserId);
        if (place is not UploadSlots.Slot slot)
            return UploadRefusal.For(context, place);
        using var held = slot;

        var upload = await ImageUpload.ReadAsync(context.Request, ocr.MaxUploadBytes, cancellationToken);
        var started = Stopwatch.GetTimestamp();
        if (upload is not ImageUpload.Received { Image: var image })
            return upload is ImageUpload.TooLarge
                ? Problem(StatusCodes.Status413PayloadTooLarge, "Image too large", $"An upload is at most {ocr.MaxUploadBytes} bytes.")
                : Problem(StatusCodes.Status400BadRequest, "No image", ((ImageUpload.Invalid)upload).Detail);

        var routerRef = await router.GetAsync(cancellationToken);
        if (PdfPages.IsPdf(image))
        {
            var read = await PdfPages.ReadAsync(image, options, ocr, routerRef, ocr.Timeout + AskSlack, cancellationToken);
            return await AnswerAsync(context, caller, read, options, started, mail, cancellationToken);
        }

        var header = ImageHeader.Read(image, ocr.MaxPixels);
        if (header.Format == ImageFormat.Unknown)
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Not an image",
                $"The file is not an image this service reads: send {ImageHeader.AcceptedFormats}, or a PDF.");
        if (header.Refusal != ImageRefusal.None)
            return Refused(header.Refusal);
        if (!header.HasDimensions)
            return Problem(StatusCodes.Status422UnprocessableEntity, "Unreadable image",
                $"The {header.Format} header is truncated or malformed.");
        if (header.Pixels > ocr.MaxPixels)
            return Problem(StatusCodes.Status422UnprocessableEntity, "Image too large to read",
                $"The image is {header.Width}x{header.Height} pixels; at most {ocr.MaxPixels} pixels are read.");

        object answer;
        try
        {
            answer = await routerRef.Ask<object>(new OcrRouting.Submit(OcrJobId.New(), image, options), ocr.Timeout + AskSlack, cancellationToken);
        }
        catch (AskTimeoutException)
        {
            answer = new OcrReplies.Failed(default, OcrFailure.TimedOut, "no answer from the OCR router");
        }

        return await AnswerAsync(context, caller, answer, options, started, mail, cancellationToken);
    }

    private static async Task<IResult> AnswerAsync(HttpContext context, OcrCaller caller, object answer, OcrOptions options, long started,
        OcrResultRecorder mail, CancellationToken cancellationToken) =>
        answer switch
        {
            OcrReplies.Recognized { Page: var page } => await SucceedAsync(context, caller, page, options,
                (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, mail, cancellationToken),
            OcrReplies.Failed failed => Failure(context, failed),
            OcrRouting.Busy busy => Problem(StatusCodes.Status429TooManyRequests, "OCR workers busy",
                $"{Capitalized(busy.Reason)}. Try again shortly.", context, busy.RetryAfter),
            OcrRouting.Unavailable unavailable => Problem(StatusCodes.Status503ServiceUnavailable, "OCR unavailable",
                $"{Capitalized(unavailable.Reason)}. Try again shortly.", context, TimeSpan.FromSeconds(5)),
            OcrRouting.UnknownLanguage unknown => TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["lang"] = [$"'{unknown.Language}' is not installed{(options.Engine is { } engine ? $" for the {engine} engine" : "")}; installed: {string.Join(", ", unknown.Installed)}"],
            }),
            OcrRouting.UnknownEngine unknown => TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["engine"] = [$"'{unknown.Engine}' runs on no OCR node; running: {string.Join(", ", unknown.Running)}"],
            }),
            OcrRouting.OutputUnsupported unsupported => TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["format"] = [Capitalized(unsupported.Reason) + "."],
            }),
            _ => throw new InvalidOperationException($"unexpected answer {answer.GetType().Name} from the OCR router"),
        };

    private static async Task<Ok<LanguagesResponse>> ListLanguagesAsync(
        IRequiredActor<OcrRouter> router, GatewaySettings settings, CancellationToken cancellationToken)
    {
        // A local actor answers at once; the timeout only bounds a gateway that is shutting down.
        var languages = await (await router.GetAsync(cancellationToken))
            .Ask<OcrRouting.Languages>(OcrRouting.ListLanguages.Instance, TimeSpan.FromSeconds(5), cancellationToken);
        return TypedResults.Ok(new LanguagesResponse(languages.Installed, settings.Ocr.Languages,
            [.. languages.Engines.Select(engine => new EngineResponse(engine.Engine.Name, engine.Engine.Device, engine.Languages, engine.Engine.WritesDocumentPages))]));
    }

    private static async Task<IResult> SucceedAsync(
        HttpContext context, OcrCaller caller, OcrPage page, OcrOptions options, long elapsedMs, OcrResultRecorder mail,
        CancellationToken cancellationToken)
    {
        await mail.RecordAsync(caller.Email, page, cancellationToken);
        return options.Format switch
        {
            OcrOutputFormat.Hocr => TypedResults.Text(HocrDocument.Wrap(page.Rendered ?? ""), "text/html; charset=utf-8"),
            OcrOutputFormat.Tsv => TypedResults.Text(page.Rendered ?? "", "text/tab-separated-values; charset=utf-8"),
            _ => TypedResults.Ok(new OcrResponse(caller.UserId, caller.Name, caller.Email, page.Text, page.MeanConfidence,
                page.Language, elapsedMs,
                options.IncludeWords
                    ? page.Words.Select(word => new OcrWordResponse(word.Text, word.Confidence, word.Left, word.Top, word.Width, word.Height, word.Page)).ToList()
                    : null)),
        };
    }

    internal static IResult Refused(ImageRefusal refusal) => refusal switch
    {
        ImageRefusal.MultiFrameGif => Problem(StatusCodes.Status422UnprocessableEntity, "Unreadable image",
            "Animated or multi-frame GIFs are not read; send one frame."),
        ImageRefusal.TooManyTiffDirectories => Problem(StatusCodes.Status422UnprocessableEntity, "Image too large to read",
            $"The TIFF has more than {TiffDirectories.MaxDirectories} directories (pages); at most {TiffDirectories.MaxDirectories} are read."),
        ImageRefusal.TiffDirectoryLoop => Problem(StatusCodes.Status422UnprocessableEntity, "Unreadable image",
            "The TIFF header is malformed: its chain of directories loops."),
        ImageRefusal.PngDataPastItsRows => Problem(StatusCodes.Status422UnprocessableEntity, "Unreadable image",
            "The PNG's image data inflates to more than the rows its header states."),
        ImageRefusal.BigTiff => Problem(StatusCodes.Status422UnprocessableEntity, "Unreadable image",
            "BigTIFF is not read; send a classic TIFF."),
        ImageRefusal.TooManyJpegScans => Problem(StatusCodes.Status422UnprocessableEntity, "Image too costly to read",
            $"The JPEG has more than {JpegScans.MaxScans} scans; encoders write about ten."),
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal, "not a refusal"),
    };

    private static IResult Failure(HttpContext context, OcrReplies.Failed failed) => failed.Reason switch
    {
        OcrFailure.UnreadableImage => Problem(StatusCodes.Status422UnprocessableEntity, "Unreadable image",
            $"The image cannot be decoded: {failed.Detail}."),
        OcrFailure.TooManyPixels => Problem(StatusCodes.Status422UnprocessableEntity, "Image too large to read", $"{Capitalized(failed.Detail)}."),
        OcrFailure.TooManyPages => Problem(StatusCodes.Status422UnprocessableEntity, "Too many pages for one request",
            $"{Capitalized(failed.Detail)}, the most that POST /ocr reads; send a longer document to POST /ocr/jobs."),
        OcrFailure.UnknownLanguage => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["lang"] = [failed.Detail] }),
        OcrFailure.TimedOut => Problem(StatusCodes.Status504GatewayTimeout, "OCR timed out",
            $"The image was not read within the time allowed ({Capitalized(failed.Detail)}). A smaller or clearer image reads faster."),
        _ => Problem(StatusCodes.Status503ServiceUnavailable, "OCR failed",
            "The OCR engine failed on this image and is being restarted. Try again shortly.", context, TimeSpan.FromSeconds(5)),
    };

    internal static IResult Problem(int status, string title, string detail, HttpContext? context = null, TimeSpan? retryAfter = null)
    {
        if (context is not null && retryAfter is { } wait)
            ProblemResponses.SetRetryAfter(context.Response, wait);
        return TypedResults.Problem(statusCode: status, title: title, detail: detail);
    }

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
