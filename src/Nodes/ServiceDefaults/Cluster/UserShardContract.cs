using Akka.Cluster.Sharding;
using AkkaOcr.Messages.Users;

namespace AkkaOcr.ServiceDefaults.Cluster;

/// <summary>Registry key of the user shard region on <c>users</c> nodes, or of its proxy elsewhere.</summary>
public sealed class UserRegion;

/// <summary>
/// What the region on <c>users</c> nodes and every proxy must agree on: the type name, and how a message
/// finds its shard and entity (one entity per normalized e-mail address).
/// </summary>
public static class UserShardContract
{
    public const string TypeName = "user";

    /// <summary>Ten times the number of users nodes we expect at most, so shards spread evenly as nodes join.</summary>
    public const int MaxShards = 100;

    public static readonly IMessageExtractor Extractor = HashCodeMessageExtractor.Create(
        MaxShards,
        message => message is IWithEmail withEmail ? withEmail.Email : null!,
        message => message);
}
