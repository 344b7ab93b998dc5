using System.Text.Json;
using AkkaOcr.Gateway.Auth;
using AkkaOcr.Gateway.Cluster;
using AkkaOcr.Gateway.Docs;
using AkkaOcr.Gateway.Hosting;
using AkkaOcr.Gateway.Ocr;
using AkkaOcr.Gateway.RateLimiting;
using AkkaOcr.Gateway.Users;
using AkkaOcr.Nodes.Cluster;
using AkkaOcr.Nodes.Health;
using AkkaOcr.Nodes.Hosting;
using AkkaOcr.Nodes.Settings;

return await HostRunner.RunAsync("AkkaOcr.Gateway", async () =>
{
    var builder = WebApplication.CreateBuilder(args).UseDefaultUrl("http://127.0.0.1:5001").UseSharedHttpPortWhenConfigured();
    // The gateway role is implied; Akka__Roles__N may add back-end roles for a single-process setup.
    var settings = NodeSettings.Load(builder.Configuration, builder.Environment, ClusterRoles.Gateway);
    builder.AddAkkaOcrNode(settings);
    builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
    builder.Services.AddProblemDetails();
    builder.Services.AddExceptionHandler<ClusterUnavailableHandler>();
    builder.Services.AddJwtAuthentication(settings.Jwt);
    builder.Services.AddClientRateLimits(settings.RateLimits);
    builder.Services.AddUsersModule();
    builder.Services.AddSingleton<OcrResultMail>();
    builder.Services.AddApiDocs();

    await using var app = builder.Build();
    app.UseExceptionHandler();
    app.UseStatusCodePages();
    app.UseAuthentication();
    app.UseAuthorization();
    app.UseRateLimiter();
    app.UseAuthBodyLimit();
    app.MapApiDocs();
    app.MapHealthEndpoints();
    app.MapAuthEndpoints();
    app.MapOcrEndpoints();
    await app.RunAsync();
});

/// <summary>The gateway's entry point, visible to <c>WebApplicationFactory</c> in tests.</summary>
public partial class Program;
