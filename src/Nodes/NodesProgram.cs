using AkkaOcr.ServiceDefaults.Health;
using AkkaOcr.ServiceDefaults.Hosting;
using AkkaOcr.ServiceDefaults.Observability;
using OpenTelemetry.Metrics;

namespace AkkaOcr.Nodes;

/// <summary>
/// A back-end node: joins the cluster with the roles from <c>Akka__Roles__N</c> and serves only
/// <c>/health/live</c> and <c>/health/ready</c> over HTTP, for process supervisors and orchestrators,
/// and <c>/metrics</c> (Prometheus text) for monitoring. That port is for the operator, never the public.
/// </summary>
public static class NodesProgram
{
    public const string DefaultHealthUrl = "http://127.0.0.1:5101";

    public static Task<int> Main(string[] args) => HostRunner.RunAsync("AkkaOcr.Nodes", async () =>
    {
        await using var app = BuildApp(WebApplication.CreateSlimBuilder(args).UseDefaultUrl(DefaultHealthUrl));
        await app.RunAsync();
    });

    /// <summary>Composes a node from <paramref name="builder"/>'s configuration; tests start nodes through it too.</summary>
    public static WebApplication BuildApp(WebApplicationBuilder builder)
    {
        var settings = NodeSettings.Load(builder.Configuration, builder.Environment);
        builder.AddAkkaOcrNode(settings);
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(AkkaOcrMeter.Name).AddPrometheusExporter());

        var app = builder.Build();
        app.MapHealthEndpoints();
        app.MapPrometheusScrapingEndpoint();
        return app;
    }
}
