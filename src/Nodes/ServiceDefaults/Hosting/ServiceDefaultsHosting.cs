using Akka.Hosting;
using AkkaOcr.ServiceDefaults.Cluster;
using AkkaOcr.ServiceDefaults.Cluster.Security;
using AkkaOcr.ServiceDefaults.Health;
using AkkaOcr.ServiceDefaults.Settings;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace AkkaOcr.ServiceDefaults.Hosting;

/// <summary>
/// What every AkkaOcr host starts with, the gateway and the <c>Nodes</c> host alike: the actor system in the
/// cluster, Akka's logs through <c>ILogger</c>, readiness that turns 503 first on a graceful stop, and the
/// stopping and membership checks. Each host adds its roles' features through <c>addFeatures</c>.
/// </summary>
public static class ServiceDefaultsHosting
{
    /// <summary>No readiness check may hold a probe longer than this.</summary>
    public static readonly TimeSpan HealthCheckTimeout = TimeSpan.FromSeconds(3);

    /// <returns>The readiness checks, for the host to add its roles' own.</returns>
    /// <exception cref="SettingsException">The cluster's certificate or CA cannot be read or used.</exception>
    public static IHealthChecksBuilder AddAkkaOcrServiceDefaults(
        this WebApplicationBuilder builder, AkkaSettings akkaSettings, Action<AkkaConfigurationBuilder, IServiceProvider> addFeatures)
    {
        var services = builder.Services;
        var transport = ClusterTransport.Load(akkaSettings.Tls);
        services.AddSingleton(akkaSettings);
        services.AddSingleton(transport);
        services.TryAddSingleton(TimeProvider.System);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);

        services.AddHostedService<ReadinessDrain>();
        var health = services.AddHealthChecks()
            .AddCheck<StoppingHealthCheck>("stopping", tags: [HealthEndpoints.ReadyTag])
            .AddCheck<ClusterMembershipHealthCheck>("cluster", tags: [HealthEndpoints.ReadyTag], timeout: HealthCheckTimeout);

        services.AddAkka(ClusterHosting.ActorSystemName, (akka, serviceProvider) =>
        {
            akka.ConfigureLoggers(loggers =>
            {
                loggers.LogLevel = Akka.Event.LogLevel.InfoLevel;
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            });
            if (!transport.IsTls)
                serviceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ClusterTransport))
                    .LogWarning("Cluster transport is plain TCP without TLS (Development, loopback only): set {CertificatePath} and {CaCertificatePath} to use mutual TLS",
                        ClusterTlsSettings.CertificatePathKey, ClusterTlsSettings.CaCertificatePathKey);
            akka.AddAkkaOcrCluster(akkaSettings, transport);
            // The host runs coordinated shutdown when it stops, after readiness turned 503 and the web
            // server drained. Akka's own exit hook would start it on SIGTERM ahead of all that.
            akka.AddHocon("akka.coordinated-shutdown.run-by-clr-shutdown-hook = off", HoconAddMode.Prepend);
            addFeatures(akka, serviceProvider);
        });
        return health;
    }
}
