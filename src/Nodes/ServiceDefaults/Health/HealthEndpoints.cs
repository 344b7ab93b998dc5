using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AkkaOcr.ServiceDefaults.Health;

/// <summary><c>GET /health/live</c> (the process answers) and <c>GET /health/ready</c> (tagged checks pass).</summary>
public static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    /// <summary>
    /// The report names each check with its description (addresses, roles, exception texts): for the
    /// operator's port of a node only, never for a port the public reaches.
    /// </summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapHealthEndpoints(WriteReport);

    /// <summary>The same status codes, but the body says only the overall status: for a public port (the gateway's).</summary>
    public static IEndpointRouteBuilder MapPublicHealthEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapHealthEndpoints(WriteStatus);

    private static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints, Func<HttpContext, HealthReport, Task> writer)
    {
        var group = endpoints.MapGroup("/health").WithTags("Health");
        group.MapHealthChecks("/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = writer });
        group.MapHealthChecks("/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = writer });
        return endpoints;
    }

    private static Task WriteStatus(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        return JsonSerializer.SerializeAsync(context.Response.Body, new { status = report.Status.ToString() }, cancellationToken: context.RequestAborted);
    }

    private static Task WriteReport(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new { status = entry.Value.Status.ToString(), description = entry.Value.Description }),
        }, cancellationToken: context.RequestAborted);
    }
}
