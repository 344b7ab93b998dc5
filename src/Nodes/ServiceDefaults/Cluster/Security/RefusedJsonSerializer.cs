using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;

namespace AkkaOcr.ServiceDefaults.Cluster.Security;

/// <summary>
/// Stands in for Akka's JSON serializer under its identifier (1), so that it neither writes nor reads.
/// That serializer puts CLR type names on the wire and instantiates whatever type a frame names; strict
/// serialization only stops this node from sending with it, while an incoming frame is deserialized by
/// the identifier it carries. With this one registered under 1, such a frame fails to deserialize, Akka
/// logs "Deserialization failed for message with serializer id [1]" and drops it, and the connection
/// stays up for everything else.
/// </summary>
public sealed class RefusedJsonSerializer : Serializer
{
    /// <summary>The identifier of <see cref="NewtonSoftJsonSerializer"/>, taken so that nothing else answers to it.</summary>
    public const int JsonSerializerIdentifier = 1;

    public RefusedJsonSerializer(ExtendedActorSystem system) : base(system)
    {
    }

    /// <summary>Akka passes the replaced serializer's settings (<c>serialization-settings.json</c>); there is nothing to set.</summary>
    public RefusedJsonSerializer(ExtendedActorSystem system, Config config) : this(system)
    {
    }

    public override int Identifier => JsonSerializerIdentifier;

    public override bool IncludeManifest => false;

    public override byte[] ToBinary(object obj) =>
        throw new SerializationException(
            $"{obj.GetType()} has no serializer: JSON with type names is disabled in this cluster; bind the type to the protocol serializer");

    public override object FromBinary(byte[] bytes, Type type) =>
        throw new SerializationException(
            $"refused a payload for serializer id {JsonSerializerIdentifier} (JSON with type names), which this cluster does not read from the wire");
}
