using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;

namespace AkkaOcr.Nodes.Cluster;

/// <summary>
/// Takes the place of Akka's catch-all JSON serializer. Akka's own messages keep their dedicated
/// serializers; anything that reaches this one has no binding, and saying so beats a silent fallback.
/// </summary>
public sealed class StrictFallbackSerializer(ExtendedActorSystem system) : Serializer(system)
{
    public const int SerializerId = 7302;

    public override int Identifier => SerializerId;

    public override bool IncludeManifest => false;

    public override byte[] ToBinary(object obj) =>
        throw new SerializationException(
            $"{obj.GetType().FullName} has no serializer binding. Messages that cross the network or are persisted " +
            "must implement IAkkaOcrMessage and have a manifest.");

    public override object FromBinary(byte[] bytes, Type? type) =>
        throw new SerializationException($"Refusing to deserialize {type?.FullName ?? "an unbound type"} without a binding.");
}
