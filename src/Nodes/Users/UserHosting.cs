using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using AkkaOcr.ServiceDefaults.Cluster;
using Microsoft.Extensions.DependencyInjection;

namespace AkkaOcr.Users;

/// <summary>User entities sharded over the <c>users</c> nodes (<see cref="UserShardContract"/>).</summary>
public static class UserHosting
{
    /// <summary>Idle entities are stopped to bound memory; the next message recovers them from the journal.</summary>
    public static readonly TimeSpan PassivateAfter = TimeSpan.FromMinutes(2);

    /// <summary>Hosts user entities on this node.</summary>
    public static AkkaConfigurationBuilder AddUserShards(this AkkaConfigurationBuilder akka, string role, IServiceProvider services) =>
        akka.WithShardRegion<UserRegion>(
            UserShardContract.TypeName,
            (_, _, _) => email => UserActor.Props(email, services.GetRequiredService<OtpCodes>(), services.GetRequiredService<TimeProvider>()),
            UserShardContract.Extractor,
            new ShardOptions
            {
                Role = role,
                PassivateIdleEntityAfter = PassivateAfter,
                RememberEntities = false,
                HandOffStopMessage = UserActor.HandOffStop.Instance,
                // Shard locations live in distributed data: allocating a shard needs no journal round trip,
                // which keeps the first requests after a start or a rebalance inside the Ask timeout.
                StateStoreMode = StateStoreMode.DData,
            });
}
