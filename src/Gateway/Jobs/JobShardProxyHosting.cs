using Akka.Cluster.Hosting;
using Akka.Hosting;
using AkkaOcr.ServiceDefaults.Cluster;

namespace AkkaOcr.Gateway.Jobs;

public static class JobShardProxyHosting
{
    /// <summary>Reaches the document job entities hosted on <paramref name="role"/> nodes.</summary>
    public static AkkaConfigurationBuilder AddJobShardsProxy(this AkkaConfigurationBuilder akka, string role) =>
        akka.WithShardRegionProxy<JobRegion>(JobShardContract.TypeName, role, JobShardContract.Extractor);
}
