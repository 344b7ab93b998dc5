using Akka.Actor;
using AkkaOcr.Documents.Storage;
using AkkaOcr.Gateway.Cluster;
using AkkaOcr.Gateway.Jobs;
using AkkaOcr.Gateway.Users;
using AkkaOcr.Routing;
using AkkaOcr.ServiceDefaults.Cluster;
using AkkaOcr.ServiceDefaults.Health;
using AkkaOcr.ServiceDefaults.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace AkkaOcr.Gateway;

public static class GatewayHosting
{
    /// <summary>
    /// Joins the cluster with role gateway: the proxies to the user and job shards, and the router to the OCR workers.
    /// Ready only while a <c>users</c> node is reachable.
    /// </summary>
    public static WebApplicationBuilder AddAkkaOcrGateway(this WebApplicationBuilder builder, GatewaySettings settings)
    {
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(settings.PostgresConnectionString!));
        builder.Services.AddSingleton<JobStore>();
        builder.Services.AddSingleton<DocumentIntake>();
        builder.Services.AddHostedService<JobTablesSetup>();
        builder.AddAkkaOcrServiceDefaults(settings.Akka, (akka, _) => akka
                .AddUserShardsProxy(ClusterRoles.Users)
                .AddJobShardsProxy(ClusterRoles.Users)
                .AddOcrRouter(settings.Ocr.Routing))
            .Add(new HealthCheckRegistration(
                "users-nodes",
                sp => new RoleReachableHealthCheck(sp.GetRequiredService<ActorSystem>(), ClusterRoles.Users),
                failureStatus: null,
                tags: [HealthEndpoints.ReadyTag],
                timeout: ServiceDefaultsHosting.HealthCheckTimeout));
        return builder;
    }
}
