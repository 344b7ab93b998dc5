using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using AkkaOcr.Messages.Users;
using Microsoft.Extensions.DependencyInjection;

namespace AkkaOcr.Nodes.Users;

/// <summary>Registry key of the user shard region (or its proxy on nodes that do not host users).</summary>
public sealed class UserRegion;

/// <summary>User entities sharded over the <c>users</c> nodes, one entity per normalized e-mail address.</summary>
public static class UserShards
{
    public const string TypeName = "user";

    /// <summary>Ten times the number of users nodes we expect at most, so shards spread evenly as nodes join.</summary>
    public const int MaxShards = 100;

    /// <summary>Idle entities are stopped to bound memory; the next message recovers them from the journal.</summary>
    public static readonly TimeSpan PassivateAfter = TimeSpan.FromMinutes(2);

    private static readonly IMessageExtractor Extractor = HashCodeMessageExtractor.Create(
        MaxShards,
        message => message is IWithEmail withEmail ? withEmail.Email : null!,
        message => message);

    /// <summary>The shard that holds the entity of <paramref name="email"/> (a normalized address).</summary>
    public static string ShardIdOf(string email) => Extractor.ShardId(email, new UserQueries.GetProfile(email));

    /// <summary>Hosts user entities on this node.</summary>
    public static AkkaConfigurationBuilder AddUserShards(this AkkaConfigurationBuilder akka, string role, IServiceProvider services) =>
        akka.WithShardRegion<UserRegion>(
            TypeName,
            (_, _, _) => email => UserActor.Props(email, services.GetRequiredService<OtpCodes>(), services.GetRequiredService<TimeProvider>()),
            Extractor,
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

    /// <summary>Reaches user entities hosted on <paramref name="role"/> nodes from a node that hosts none.</summary>
    public static AkkaConfigurationBuilder AddUserShardsProxy(this AkkaConfigurationBuilder akka, string role) =>
        akka.WithShardRegionProxy<UserRegion>(TypeName, role, Extractor);
}
