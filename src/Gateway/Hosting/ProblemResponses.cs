using System.Globalization;

namespace AkkaOcr.Gateway.Hosting;

/// <summary>
/// Problem bodies (RFC 9457) written outside an endpoint's result (middleware, the rate limiter's rejection,
/// exception handlers), and the one rounding of <c>Retry-After</c>.
/// </summary>
public static class ProblemResponses
{
    /// <summary>Whole seconds, rounded up and at least 1: a client told 0 would retry at once.</summary>
    public static void SetRetryAfter(HttpResponse response, TimeSpan wait) =>
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    public static ValueTask<bool> WriteAsync(HttpContext context, int status, string title, string detail, TimeSpan? retryAfter = null)
    {
        context.Response.StatusCode = status;
        if (retryAfter is { } wait)
            SetRetryAfter(context.Response, wait);
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
