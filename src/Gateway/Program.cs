using System.Text.Json;
using AkkaOcr.Gateway;
using AkkaOcr.Gateway.Auth;
using AkkaOcr.Gateway.Cluster;
using AkkaOcr.Gateway.Docs;
using AkkaOcr.Gateway.Hosting;
using AkkaOcr.Gateway.Jobs;
using AkkaOcr.Gateway.Ocr;
using AkkaOcr.Gateway.RateLimiting;
using AkkaOcr.Gateway.Uploads;
using AkkaOcr.Gateway.Users;
using AkkaOcr.Gateway.WebApp;
using AkkaOcr.ServiceDefaults.Health;
using AkkaOcr.ServiceDefaults.Hosting;

return await HostRunner.RunAsync("AkkaOcr.Gateway", async () =>
{
    var builder = WebApplication.CreateBuilder(args).UseDefaultUrl("http://127.0.0.1:5001").UseSharedHttpPortWhenConfigured();
    var settings = GatewaySettings.Load(builder.Configuration, builder.Environment);
    builder.AddAkkaOcrGateway(settings);
    builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
    builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = BadRequestHandler.DescribeUnsupportedMediaType);
    builder.Services.AddExceptionHandler<ClusterUnavailableHandler>();
    builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
    builder.Services.AddExceptionHandler<BadRequestHandler>();
    builder.Services.AddJwtAuthentication(settings.Jwt);
    builder.Services.AddTrustedForwardedHeaders(settings.ForwardedHeaders);
    builder.Services.AddClientRateLimits(settings.RateLimits);
    builder.Services.AddUsersModule(settings.Passwords);
    builder.Services.AddSingleton(settings.Uploads);
    builder.Services.AddSingleton<UploadSlots>();
    builder.Services.AddSingleton<OcrResultRecorder>();
    builder.Services.AddApiDocs();

    await using var app = builder.Build();
    // First: everything after it, the rate limiter above all, sees the client's address.
    app.UseForwardedHeaders();
    app.UseExceptionHandler();
    app.UseStatusCodePages();
    app.UseWebApp();
    app.UseAuthentication();
    app.UseAuthorization();
    app.UseRateLimiter();
    app.UseAuthBodyLimit();
    app.MapApiDocs();
    // The gateway's port is public: readiness answers its status only; the checks' details are on the nodes' own ports.
    app.MapPublicHealthEndpoints();
    app.MapAuthEndpoints();
    app.MapOcrEndpoints();
    app.MapJobEndpoints();
    await app.RunAsync();
});

/// <summary>The gateway's entry point, visible to <c>WebApplicationFactory</c> in tests.</summary>
public partial class Program;
