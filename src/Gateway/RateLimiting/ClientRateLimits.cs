using System.Threading.RateLimiting;
using AkkaOcr.Gateway.Hosting;

namespace AkkaOcr.Gateway.RateLimiting;

/// <summary>
/// <c>RateLimits__PerClientPerMinute</c> requests per client address per minute on <c>/auth/*</c> and
/// <c>/ocr</c>; past it, 429 with <c>Retry-After</c> and a problem body.
/// </summary>
public static class ClientRateLimits
{
    public const string PolicyName = "per-client";

    public static IServiceCollection AddClientRateLimits(this IServiceCollection services, RateLimitSettings settings)
    {
        var perMinute = settings.PerClientPerMinute;
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(PolicyName, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                await ProblemResponses.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                    $"At most {perMinute} requests per minute per client.", retryAfter);
            };
        });
        return services;
    }
}
