using Akka.Actor;
using Akka.Hosting;
using AkkaOcr.Nodes.Cluster;
using AkkaOcr.Nodes.Health;
using AkkaOcr.Nodes.Mail;
using AkkaOcr.Nodes.Messaging;
using AkkaOcr.Nodes.Ocr;
using AkkaOcr.Nodes.Ocr.Tesseract;
using AkkaOcr.Nodes.Persistence;
using AkkaOcr.Nodes.Settings;
using AkkaOcr.Nodes.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AkkaOcr.Nodes.Hosting;

/// <summary>
/// Composes an AkkaOcr node: the cluster bootstrap, the features of each role it holds, and the
/// readiness checks those roles depend on. The gateway and the <c>Nodes</c> host both start here.
/// </summary>
public static class AkkaOcrNodeHosting
{
    private static readonly TimeSpan HealthCheckTimeout = TimeSpan.FromSeconds(3);

    public static WebApplicationBuilder AddAkkaOcrNode(
        this WebApplicationBuilder builder,
        NodeSettings settings,
        Action<AkkaConfigurationBuilder, IServiceProvider>? configureHostFeatures = null)
    {
        var services = builder.Services;
        services.AddSingleton(settings);
        services.TryAddSingleton(TimeProvider.System);
        if (settings.HasRole(ClusterRoles.Users))
        {
            services.AddSingleton(new OtpCodes(settings.Security.DataKeyBytes));
            services.AddSingleton<MailComposer>();
            services.AddSingleton<MailOutboxMessages>();
            services.AddSingleton<MailOutboxOffsets>();
            services.AddSingleton<MailOutboxMonitor>();
            services.AddHostedService(sp => sp.GetRequiredService<MailOutboxMonitor>());
        }
        if (settings.HasRole(ClusterRoles.Notifier))
            services.AddSingleton<SentMailLog>();
        if (settings.HasRole(ClusterRoles.Ocr))
            TesseractRuntime.EnsureAvailable(settings.Ocr);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);

        services.AddHostedService<ReadinessDrain>();
        var health = services.AddHealthChecks()
            .AddCheck<StoppingHealthCheck>("stopping", tags: [HealthEndpoints.ReadyTag])
            .AddCheck<ClusterMembershipHealthCheck>("cluster", tags: [HealthEndpoints.ReadyTag], timeout: HealthCheckTimeout);

        if (settings.NeedsPostgres)
        {
            services.AddSingleton(_ => NpgsqlDataSource.Create(settings.PostgresConnectionString!));
            health.AddNpgSql(sp => sp.GetRequiredService<NpgsqlDataSource>(), name: "postgres",
                tags: [HealthEndpoints.ReadyTag], timeout: HealthCheckTimeout);
        }

        if (settings.NeedsRabbitMq)
        {
            services.AddSingleton(sp => new RabbitMqConnectionProvider(
                settings.RabbitMqConnectionString!,
                $"akkaocr-{string.Join('-', settings.Akka.Roles)}@{settings.Akka.EffectivePublicHostname}:{settings.Akka.Port}",
                sp.GetRequiredService<ILogger<RabbitMqConnectionProvider>>()));
            health.AddCheck<RabbitMqHealthCheck>("rabbitmq", tags: [HealthEndpoints.ReadyTag], timeout: HealthCheckTimeout);
        }

        if (settings.HasRole(ClusterRoles.Users))
            health.AddCheck<MailOutboxHealthCheck>("mail-outbox", tags: [HealthEndpoints.ReadyTag]);

        if (settings.HasRole(ClusterRoles.Notifier))
            health.AddCheck<SmtpHealthCheck>("smtp", tags: [HealthEndpoints.ReadyTag], timeout: HealthCheckTimeout);

        if (settings.HasRole(ClusterRoles.Gateway))
            health.Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(
                "users-nodes",
                sp => new RoleReachableHealthCheck(sp.GetRequiredService<ActorSystem>(), ClusterRoles.Users),
                failureStatus: null,
                tags: [HealthEndpoints.ReadyTag],
                timeout: HealthCheckTimeout));

        services.AddAkka(ClusterBootstrap.ActorSystemName, (akka, serviceProvider) =>
        {
            akka.ConfigureLoggers(loggers =>
            {
                loggers.LogLevel = Akka.Event.LogLevel.InfoLevel;
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            });
            akka.AddAkkaOcrCluster(settings.Akka);
            // The host runs coordinated shutdown when it stops, after readiness turned 503 and the web
            // server drained. Akka's own exit hook would start it on SIGTERM ahead of all that.
            akka.AddHocon("akka.coordinated-shutdown.run-by-clr-shutdown-hook = off", HoconAddMode.Prepend);
            if (settings.NeedsPostgres)
                akka.AddAkkaOcrPersistence(settings.PostgresConnectionString!);
            if (settings.HasRole(ClusterRoles.Users))
                akka.AddUserShards(ClusterRoles.Users, serviceProvider).AddMailOutbox(ClusterRoles.Users, serviceProvider);
            else if (settings.HasRole(ClusterRoles.Gateway))
                akka.AddUserShardsProxy(ClusterRoles.Users);
            if (settings.HasRole(ClusterRoles.Notifier))
                akka.AddNotifier(serviceProvider);
            if (settings.HasRole(ClusterRoles.Ocr))
                akka.AddOcrWorkers(settings.Ocr);
            if (settings.HasRole(ClusterRoles.Gateway))
                akka.AddOcrRouter(settings.Ocr);
            configureHostFeatures?.Invoke(akka, serviceProvider);
        });

        return builder;
    }
}
