using System.Threading.RateLimiting;
using AkkaOcr.Gateway.Hosting;

namespace AkkaOcr.Gateway.RateLimiting;

/// <summary>
/// <c>RateLimits__PerClientPerMinute</c> requests per client (<see cref="ClientPartition"/>) in any minute on
/// <c>/auth/*</c>, <c>/ocr</c> and <c>POST /ocr/jobs</c>; past it, 429 with <c>Retry-After</c> and a problem body.
/// </summary>
/// <remarks>
/// A sliding window, not a fixed one: a fixed window lets a client spend two budgets within a moment across its
/// boundary. The client is the socket's peer, or what a trusted proxy forwarded (<see cref="TrustedForwardedHeaders"/>).
/// </remarks>
public static class ClientRateLimits
{
    public const string PolicyName = "per-client";

    /// <summary>The window slides in steps of 10 s: requests leave the count 10 s at a time.</summary>
    private const int SegmentsPerWindow = 6;

    public static IServiceCollection AddClientRateLimits(this IServiceCollection services, RateLimitSettings settings)
    {
        var perMinute = settings.PerClientPerMinute;
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(PolicyName, context => RateLimitPartition.GetSlidingWindowLimiter(
                ClientPartition.KeyOf(context.Connection.RemoteIpAddress),
                _ => new SlidingWindowRateLimiterOptions
                {
                    PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), SegmentsPerWindow = SegmentsPerWindow, QueueLimit = 0,
                }));
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                await ProblemResponses.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                    $"At most {perMinute} requests per minute per client address.", retryAfter);
            };
        });
        return services;
    }
}
