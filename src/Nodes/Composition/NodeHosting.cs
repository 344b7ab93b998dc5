using AkkaOcr.Jobs;
using AkkaOcr.Mail;
using AkkaOcr.Mail.Health;
using AkkaOcr.Mail.Messaging;
using AkkaOcr.Ocr;
using AkkaOcr.ServiceDefaults.Cluster;
using AkkaOcr.ServiceDefaults.Health;
using AkkaOcr.ServiceDefaults.Hosting;
using AkkaOcr.Users;
using AkkaOcr.Users.Persistence;
using Npgsql;

namespace AkkaOcr.Nodes;

/// <summary>
/// Composes a back-end node from the role libraries its settings name, with the readiness checks those
/// roles depend on: PostgreSQL and RabbitMQ for <c>users</c>; those and SMTP for <c>notifier</c>.
/// </summary>
public static class NodeHosting
{
    public static WebApplicationBuilder AddAkkaOcrNode(this WebApplicationBuilder builder, NodeSettings settings)
    {
        var services = builder.Services;
        services.AddSingleton(settings);
        if (settings.Akka.HasRole(ClusterRoles.Users))
        {
            services.AddSingleton(new OtpCodes(settings.Security.DataKeyBytes));
            services.AddSingleton(settings.Mail);
            services.AddMailOutboxServices();
            services.AddDocumentJobServices(settings.Jobs);
        }
        if (settings.Akka.HasRole(ClusterRoles.Notifier))
        {
            services.AddSingleton(settings.Smtp);
            services.AddSingleton(settings.Notifier);
            services.AddSingleton<SentMailLog>();
        }
        if (settings.Akka.HasRole(ClusterRoles.Ocr))
            OcrEngineChoice.EnsureAvailable(settings.Ocr);

        var health = builder.AddAkkaOcrServiceDefaults(settings.Akka, (akka, serviceProvider) =>
        {
            if (settings.NeedsPostgres)
                akka.AddAkkaOcrPersistence(settings.PostgresConnectionString!);
            if (settings.Akka.HasRole(ClusterRoles.Users))
                akka.AddUserShards(ClusterRoles.Users, serviceProvider)
                    .AddMailOutbox(ClusterRoles.Users, serviceProvider)
                    .AddDocumentJobs(ClusterRoles.Users, serviceProvider);
            if (settings.Akka.HasRole(ClusterRoles.Notifier))
                akka.AddNotifier(serviceProvider);
            if (settings.Akka.HasRole(ClusterRoles.Ocr))
                akka.AddOcrWorkers(settings.Ocr);
        });

        var timeout = ServiceDefaultsHosting.HealthCheckTimeout;
        if (settings.NeedsPostgres)
        {
            services.AddSingleton(_ => NpgsqlDataSource.Create(settings.PostgresConnectionString!));
            health.AddNpgSql(sp => sp.GetRequiredService<NpgsqlDataSource>(), name: "postgres", tags: [HealthEndpoints.ReadyTag], timeout: timeout);
        }
        if (settings.NeedsRabbitMq)
        {
            services.AddSingleton(sp => new RabbitMqConnectionProvider(
                settings.RabbitMqConnectionString!,
                $"akkaocr-{string.Join('-', settings.Akka.Roles)}@{settings.Akka.EffectivePublicHostname}:{settings.Akka.Port}",
                sp.GetRequiredService<ILogger<RabbitMqConnectionProvider>>()));
            health.AddCheck<RabbitMqHealthCheck>("rabbitmq", tags: [HealthEndpoints.ReadyTag], timeout: timeout);
        }
        if (settings.Akka.HasRole(ClusterRoles.Users))
            health.AddCheck<MailOutboxHealthCheck>("mail-outbox", tags: [HealthEndpoints.ReadyTag]);
        if (settings.Akka.HasRole(ClusterRoles.Notifier))
            health.AddCheck<SmtpHealthCheck>("smtp", tags: [HealthEndpoints.ReadyTag], timeout: timeout);
        return builder;
    }
}
