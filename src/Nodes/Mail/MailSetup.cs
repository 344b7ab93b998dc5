using Akka.Cluster.Hosting;
using Akka.Hosting;
using AkkaOcr.Nodes.Messaging;
using AkkaOcr.Nodes.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AkkaOcr.Nodes.Mail;

public static class MailSetup
{
    /// <summary>Runs the mail outbox as a cluster singleton among the <paramref name="role"/> nodes.</summary>
    public static AkkaConfigurationBuilder AddMailOutbox(this AkkaConfigurationBuilder akka, string role, IServiceProvider services) =>
        akka.WithSingleton<MailOutbox>(
            "mail-outbox",
            (_, _, _) => MailOutboxActor.Props(
                services.GetRequiredService<RabbitMqConnectionProvider>(),
                services.GetRequiredService<MailOutboxOffsets>(),
                services.GetRequiredService<MailOutboxMessages>()),
            new ClusterSingletonOptions { Role = role },
            createProxyToo: false);

    /// <summary>Starts this node's notifier: one consumer of the mail queue, mailing over SMTP.</summary>
    public static AkkaConfigurationBuilder AddNotifier(this AkkaConfigurationBuilder akka, IServiceProvider services) =>
        akka.WithActors((system, registry) => registry.Register<Notifier>(system.ActorOf(
            NotifierActor.Props(
                services.GetRequiredService<RabbitMqConnectionProvider>(),
                services.GetRequiredService<SentMailLog>(),
                services.GetRequiredService<NodeSettings>().Smtp,
                services.GetRequiredService<ILoggerFactory>()),
            "notifier")));
}
