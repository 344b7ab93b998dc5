using Akka.Cluster.Hosting;
using Akka.Hosting;
using AkkaOcr.ServiceDefaults.Cluster;

namespace AkkaOcr.Gateway.Users;

public static class UserShardProxyHosting
{
    /// <summary>Reaches the user entities hosted on <paramref name="role"/> nodes.</summary>
    public static AkkaConfigurationBuilder AddUserShardsProxy(this AkkaConfigurationBuilder akka, string role) =>
        akka.WithShardRegionProxy<UserRegion>(UserShardContract.TypeName, role, UserShardContract.Extractor);
}
