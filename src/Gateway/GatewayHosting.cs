using Akka.Actor;
using AkkaOcr.Gateway.Cluster;
using AkkaOcr.Gateway.Users;
using AkkaOcr.Routing;
using AkkaOcr.ServiceDefaults.Cluster;
using AkkaOcr.ServiceDefaults.Health;
using AkkaOcr.ServiceDefaults.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AkkaOcr.Gateway;

public static class GatewayHosting
{
    /// <summary>
    /// Joins the cluster with role gateway: the proxy to the user shards and the router to the OCR workers.
    /// Ready only while a <c>users</c> node is reachable.
    /// </summary>
    public static WebApplicationBuilder AddAkkaOcrGateway(this WebApplicationBuilder builder, GatewaySettings settings)
    {
        builder.Services.AddSingleton(settings);
        builder.AddAkkaOcrServiceDefaults(settings.Akka, (akka, _) => akka
                .AddUserShardsProxy(ClusterRoles.Users)
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
