using Akka.Cluster.Sharding;
using AkkaOcr.Messages.Jobs;

namespace AkkaOcr.ServiceDefaults.Cluster;

/// <summary>Registry key of the document job shard region on <c>users</c> nodes, or of its proxy elsewhere.</summary>
public sealed class JobRegion;

/// <summary>What the job region and every proxy agree on: the type name, and one entity per job id.</summary>
public static class JobShardContract
{
    public const string TypeName = "ocr-job";

    public const int MaxShards = 100;

    public static readonly IMessageExtractor Extractor = HashCodeMessageExtractor.Create(
        MaxShards,
        message => message is IWithDocumentJobId withJobId ? withJobId.JobId.ToString() : null!,
        message => message);
}
