using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Remote.Hosting;
using AkkaOcr.Messages;
using AkkaOcr.Messages.Serialization;
using AkkaOcr.ServiceDefaults.Settings;

namespace AkkaOcr.ServiceDefaults.Cluster;

/// <summary>Remoting, membership, downing and serialization shared by every AkkaOcr node.</summary>
public static class ClusterHosting
{
    public const string ActorSystemName = "akkaocr";

    /// <summary>
    /// How long membership must be stable before the split brain resolver downs the unreachable side:
    /// long enough to ride out a GC pause or a busy OCR node, short enough that shards move on quickly
    /// (Akka's suggestion for clusters of up to five nodes). It counts twice in a crash failover: once
    /// before the node is downed, and again as sharding's removal margin, which defaults to it, before
    /// the node's shards start elsewhere.
    /// </summary>
    public static readonly TimeSpan SplitBrainStableAfter = TimeSpan.FromSeconds(7);

    public static AkkaConfigurationBuilder AddAkkaOcrCluster(this AkkaConfigurationBuilder akka, AkkaSettings settings) =>
        akka
            .WithRemoting(new RemoteOptions
            {
                HostName = settings.Hostname,
                PublicHostName = settings.EffectivePublicHostname,
                Port = settings.Port,
            })
            .WithClustering(new ClusterOptions
            {
                Roles = settings.Roles.ToArray(),
                SeedNodes = settings.SeedNodes.ToArray(),
                SplitBrainResolver = new KeepMajorityOption(),
            })
            // Remoting holds writes for up to 40 ms to batch them by default; every request here crosses two
            // to four hops and waits for its answers, so that batching costs latency and buys nothing.
            // Akka.Remote.Hosting has no option for it.
            .AddHocon("akka.remote.dot-netty.tcp.batching.enabled = false", HoconAddMode.Prepend)
            // Akka.Cluster.Hosting has no option for stable-after, so it is written as HOCON.
            .AddHocon($"akka.cluster.split-brain-resolver.stable-after = {SplitBrainStableAfter.TotalSeconds}s", HoconAddMode.Prepend)
            .AddAkkaOcrSerialization();

    /// <summary>
    /// Binds the protocol serializer and refuses everything else that has no explicit serializer, so a
    /// forgotten binding fails loudly in tests instead of shipping JSON with CLR type names.
    /// </summary>
    public static AkkaConfigurationBuilder AddAkkaOcrSerialization(this AkkaConfigurationBuilder akka) =>
        akka
            .WithCustomSerializer("akkaocr", [typeof(IAkkaOcrMessage)], system => new AkkaOcrSerializer(system))
            .WithStrictSerialization();
}
