using Akka.Cluster.Hosting;
using Akka.Hosting;
using AkkaOcr.Mail.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AkkaOcr.Mail;

public static class MailHosting
{
    /// <summary>What the outbox and its lag monitor need on a <c>users</c> node; <see cref="MailSettings"/> and the users' <c>OtpCodes</c> come from the host.</summary>
    public static IServiceCollection AddMailOutboxServices(this IServiceCollection services)
    {
        services.AddSingleton<MailComposer>();
        services.AddSingleton<MailOutboxMessages>();
        services.AddSingleton<MailOutboxOffsets>();
        services.AddSingleton<MailEventQuery>();
        services.AddSingleton<MailOutboxMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<MailOutboxMonitor>());
        return services;
    }

    /// <summary>Runs the mail outbox as a cluster singleton among the <paramref name="role"/> nodes.</summary>
    public static AkkaConfigurationBuilder AddMailOutbox(this AkkaConfigurationBuilder akka, string role, IServiceProvider services) =>
        akka.WithSingleton<MailOutbox>(
            "mail-outbox",
            (_, _, _) => MailOutboxActor.Props(
                services.GetRequiredService<RabbitMqConnectionProvider>(),
                services.GetRequiredService<MailOutboxOffsets>(),
                services.GetRequiredService<MailEventQuery>(),
                services.GetRequiredService<MailOutboxMessages>()),
            new ClusterSingletonOptions { Role = role },
            createProxyToo: false);

    /// <summary>Starts this node's notifier: one consumer of the mail queue, mailing over SMTP.</summary>
    public static AkkaConfigurationBuilder AddNotifier(this AkkaConfigurationBuilder akka, IServiceProvider services) =>
        akka.WithActors((system, registry) => registry.Register<Notifier>(system.ActorOf(
            NotifierActor.Props(
                services.GetRequiredService<RabbitMqConnectionProvider>(),
                services.GetRequiredService<SentMailLog>(),
                services.GetRequiredService<SmtpSettings>(),
                services.GetRequiredService<NotifierSettings>(),
                services.GetRequiredService<ILoggerFactory>()),
            "notifier")));
}
