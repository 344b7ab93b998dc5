using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace AkkaOcr.Gateway.Hosting;

/// <summary>
/// A request the endpoint could not even be called with (a body that is not JSON, not of the expected
/// shape, missing, or of another content type; a parameter that does not parse) is the client's error:
/// 400, or 415 for a content type, with a problem body that says what was wrong, in every environment.
/// Minimal APIs report such requests as <see cref="BadHttpRequestException"/> once
/// <see cref="RouteHandlerOptions.ThrowOnBadRequest"/> is set; without it, such a request gets a bare 400 outside
/// Development and an unhandled exception (500) inside it. A content type is the exception: see
/// <see cref="DescribeUnsupportedMediaType"/>.
/// </summary>
internal sealed class BadRequestHandler(ILogger<BadRequestHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
            return false;
        // The messages may quote the body; the client gets them, the log does not.
        logger.LogInformation("{Method} {Path}: request refused with {Status} before its endpoint ran",
            context.Request.Method, context.Request.Path, badRequest.StatusCode);
        var (title, detail) = Describe(context.Request, badRequest);
        return await ProblemResponses.WriteAsync(context, badRequest.StatusCode, title, detail);
    }

    /// <summary>
    /// A body of another content type is the one binding failure minimal APIs answer themselves (a bare 415, even
    /// with <see cref="RouteHandlerOptions.ThrowOnBadRequest"/>); the problem body written for it says what to send.
    /// </summary>
    public static void DescribeUnsupportedMediaType(ProblemDetailsContext context)
    {
        if (context.ProblemDetails.Status != StatusCodes.Status415UnsupportedMediaType || context.ProblemDetails.Detail is not null)
            return;
        context.ProblemDetails.Title = "Unsupported media type";
        context.ProblemDetails.Detail =
            $"The body must be JSON (Content-Type: application/json), not '{context.HttpContext.Request.ContentType ?? "none"}'.";
    }

    private static (string Title, string Detail) Describe(HttpRequest request, BadHttpRequestException badRequest) => badRequest switch
    {
        // An empty body fails as JSON too, with a less helpful message; a JSON null passes as JSON and is then missing.
        _ when request.ContentLength == 0 || badRequest.Message.Contains("no body was provided", StringComparison.Ordinal) =>
            ("Missing body", "The request body is empty or null; a JSON object is required."),
        { InnerException: JsonException json } =>
            ("Invalid JSON body", $"The body is not JSON of the expected shape: {json.Message}"),
        _ => ("Bad request", badRequest.Message),
    };
}
