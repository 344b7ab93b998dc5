using Microsoft.AspNetCore.Diagnostics;

namespace AkkaOcr.Gateway.Cluster;

/// <summary>Turns a missing node into 503 with <c>Retry-After</c> and a problem body, never a hang or a 500.</summary>
internal sealed class ClusterUnavailableHandler(IProblemDetailsService problems, ILogger<ClusterUnavailableHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not ClusterUnavailableException unavailable)
            return false;
        logger.LogWarning("{Path}: {Reason}", context.Request.Path, unavailable.Message);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString();
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service temporarily unavailable",
                Detail = $"No '{unavailable.Role}' node answered in time. Try again shortly.",
            },
        });
    }
}
