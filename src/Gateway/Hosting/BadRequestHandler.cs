using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace AkkaOcr.Gateway.Hosting;

/// <summary>
/// A request the endpoint could not even be called with (a body that is not JSON, not of the expected
/// shape, missing, or of another content type; a parameter that does not parse) is the client's error:
/// 400, or 415 for a content type, with a problem body that says what was wrong, in every environment.
/// Minimal APIs report such requests as <see cref="BadHttpRequestException"/> once
/// <see cref="RouteHandlerOptions.ThrowOnBadRequest"/> is set; without it, such a request gets a bare 400 outside
/// Development and an unhandled exception (500) inside it.
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

    private static (string Title, string Detail) Describe(HttpRequest request, BadHttpRequestException badRequest) => badRequest switch
    {
        { StatusCode: StatusCodes.Status415UnsupportedMediaType } =>
            ("Unsupported media type", $"The body must be JSON (Content-Type: application/json), not '{request.ContentType ?? "none"}'."),
        { InnerException: JsonException json } =>
            ("Invalid JSON body", $"The body is not JSON of the expected shape: {json.Message}"),
        _ when request.ContentLength == 0 || badRequest.Message.Contains("no body was provided", StringComparison.Ordinal) =>
            ("Missing body", "The request has no body; a JSON object is required."),
        _ => ("Bad request", badRequest.Message),
    };
}
