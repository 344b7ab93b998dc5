using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using AkkaOcr.Documents.Storage;
using AkkaOcr.Messages.Jobs;
using AkkaOcr.Routing;
using AkkaOcr.ServiceDefaults.Cluster;
using Microsoft.Extensions.DependencyInjection;

namespace AkkaOcr.Jobs;

/// <summary>Document jobs on <c>users</c> nodes: the job entities, this node's router to the OCR workers, and the keeper.</summary>
public static class JobHosting
{
    public static IServiceCollection AddDocumentJobServices(this IServiceCollection services, JobSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton<JobStore>();
        services.AddSingleton(new ToolGate(Math.Max(1, Environment.ProcessorCount)));
        services.AddHostedService<JobTablesSetup>();
        return services;
    }

    public static AkkaConfigurationBuilder AddDocumentJobs(this AkkaConfigurationBuilder akka, string role, IServiceProvider services)
    {
        var settings = services.GetRequiredService<JobSettings>();
        var store = services.GetRequiredService<JobStore>();
        var tools = services.GetRequiredService<ToolGate>();
        var clock = services.GetRequiredService<TimeProvider>();
        return akka
            .AddOcrRouter(settings.Routing)
            .WithShardRegion<JobRegion>(
                JobShardContract.TypeName,
                (_, registry, _) => id => DocumentJobActor.Props(
                    new DocumentJobId(Guid.Parse(id)), store, new PageReader(store, tools, registry.Get<OcrRouter>(), settings),
                    registry.Get<OcrRouter>(), settings, clock),
                JobShardContract.Extractor,
                new ShardOptions
                {
                    Role = role,
                    // A running job hears mostly from itself (its pages), which sharding does not count as use;
                    // idle passivation would stop it mid-document. A finished job passivates itself.
                    PassivateIdleEntityAfter = TimeSpan.Zero,
                    RememberEntities = false,
                    HandOffStopMessage = DocumentJobActor.HandOffStop.Instance,
                    StateStoreMode = StateStoreMode.DData,
                })
            .WithSingleton<JobKeeper>(
                JobKeeper.Name,
                (_, registry, _) => JobKeeper.Props(store, registry.Get<JobRegion>(), settings, clock),
                new ClusterSingletonOptions { Role = role },
                createProxyToo: false);
    }
}
