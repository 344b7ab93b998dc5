using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using MessagePack;
using MessagePack.Resolvers;

namespace AkkaOcr.Messages.Serialization;

/// <summary>
/// Serializes every <see cref="IAkkaOcrMessage"/> as MessagePack keyed by property name, so that
/// adding a property later still reads old payloads. The manifest, not a CLR type name, says what
/// the bytes are: renaming or moving a record never breaks the journal.
/// </summary>
public sealed class AkkaOcrSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>Akka reserves 0-100 for itself; this id is ours for good, the journal stores it.</summary>
    public const int SerializerId = 7301;

    /// <summary>Also what <see cref="Ocr.OcrPageTransfer"/> slices a page with, so a joined page reads as a whole one would.</summary>
    internal static readonly MessagePackSerializerOptions Options = MessagePackSerializerOptions.Standard
        .WithResolver(ContractlessStandardResolver.Instance)
        .WithSecurity(MessagePackSecurity.UntrustedData);

    public override int Identifier => SerializerId;

    public override string Manifest(object o) =>
        MessageManifests.TryGetManifest(o.GetType(), out var manifest)
            ? manifest
            : throw new SerializationException(
                $"{o.GetType().FullName} has no manifest in {nameof(MessageManifests)}; add one before sending or persisting it.");

    public override byte[] ToBinary(object obj)
    {
        // Resolving the manifest first refuses an unregistered type before any bytes are produced.
        _ = Manifest(obj);
        return MessagePackSerializer.Serialize(obj.GetType(), obj, Options);
    }

    /// <summary>
    /// Reads a message or an event. A message that cannot be read throws. An event (a manifest of the
    /// event form, see <see cref="MessageManifests.IsEventManifest"/>) that cannot be read becomes an
    /// <see cref="UnreadableEvent"/>: a journal row must not stop every reader of the journal.
    /// </summary>
    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!MessageManifests.TryGetType(manifest, out var type))
            return MessageManifests.IsEventManifest(manifest)
                ? new UnreadableEvent(manifest, "no event of this manifest is known to this version")
                : throw new SerializationException($"Unknown message manifest '{manifest}'.");
        try
        {
            return MessagePackSerializer.Deserialize(type, bytes, Options)
                   ?? throw new SerializationException($"Payload for '{manifest}' deserialized to null.");
        }
        catch (Exception e) when ((e is MessagePackSerializationException or SerializationException) && MessageManifests.IsEventManifest(manifest))
        {
            return new UnreadableEvent(manifest, $"its {bytes.Length} bytes do not decode: {e.GetBaseException().GetType().Name}");
        }
    }
}
