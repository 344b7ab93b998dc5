using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Remote.Hosting;
using AkkaOcr.Messages;
using AkkaOcr.Messages.Serialization;
using AkkaOcr.ServiceDefaults.Cluster.Security;
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

    /// <param name="transport">Mutual TLS with the cluster's CA, or plain TCP where settings allow it (Development on loopback).</param>
    public static AkkaConfigurationBuilder AddAkkaOcrCluster(
        this AkkaConfigurationBuilder akka, AkkaSettings settings, ClusterTransport transport) =>
        akka
            .WithRemoting(RemoteOptionsFor(settings, transport))
            .WithClustering(new ClusterOptions
            {
                Roles = settings.Roles.ToArray(),
                SeedNodes = settings.SeedNodes.Select(transport.SeedNode).ToArray(),
                SplitBrainResolver = new KeepMajorityOption(),
            })
            // Remoting holds writes for up to 40 ms to batch them by default; every request here crosses two
            // to four hops and waits for its answers, so that batching costs latency and buys nothing.
            // Akka.Remote.Hosting has no option for it.
            .AddHocon("akka.remote.dot-netty.tcp.batching.enabled = false", HoconAddMode.Prepend)
            // Akka.Cluster.Hosting has no option for stable-after, so it is written as HOCON.
            .AddHocon($"akka.cluster.split-brain-resolver.stable-after = {SplitBrainStableAfter.TotalSeconds}s", HoconAddMode.Prepend)
            .AddAkkaOcrSerialization();

    private static RemoteOptions RemoteOptionsFor(AkkaSettings settings, ClusterTransport transport)
    {
        var options = new RemoteOptions
        {
            HostName = settings.Hostname,
            PublicHostName = settings.EffectivePublicHostname,
            Port = settings.Port,
        };
        if (transport.IsTls)
        {
            options.EnableSsl = true;
            options.Ssl = new SslOptions
            {
                X509Certificate = transport.Certificate,
                RequireMutualAuthentication = true,
                // The custom validator decides alone, against the cluster's CA; see TrustOnly for why no host name.
                ValidateCertificateHostname = false,
                SuppressValidation = false,
                CustomValidator = ClusterCertificateValidation.TrustOnly(transport.CertificateAuthority!),
            };
        }
        return options;
    }

    /// <summary>
    /// Binds the protocol serializer and refuses everything else that has no explicit serializer, so a
    /// forgotten binding fails loudly in tests instead of shipping JSON with CLR type names. Akka's JSON
    /// serializer itself is replaced under its identifier, so that no frame from the wire reaches it either.
    /// </summary>
    public static AkkaConfigurationBuilder AddAkkaOcrSerialization(this AkkaConfigurationBuilder akka) =>
        akka
            .AddHocon(
                $"akka.actor.serializers.json = \"{typeof(RefusedJsonSerializer).FullName}, {typeof(RefusedJsonSerializer).Assembly.GetName().Name}\"",
                HoconAddMode.Prepend)
            .WithCustomSerializer("akkaocr", [typeof(IAkkaOcrMessage)], system => new AkkaOcrSerializer(system))
            .WithStrictSerialization();
}
