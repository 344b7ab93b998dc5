using AkkaOcr.Gateway.Hosting;
using Microsoft.AspNetCore.Diagnostics;

namespace AkkaOcr.Gateway.Cluster;

/// <summary>Turns a missing node into 503 with <c>Retry-After</c> and a problem body, never a hang or a 500.</summary>
internal sealed class ClusterUnavailableHandler(ILogger<ClusterUnavailableHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not ClusterUnavailableException unavailable)
            return false;
        logger.LogWarning("{Path}: {Reason}", context.Request.Path, unavailable.Message);
        return await ProblemResponses.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Service temporarily unavailable",
            $"No '{unavailable.Role}' node answered in time. Try again shortly.", TimeSpan.FromSeconds(RetryAfterSeconds));
    }
}
