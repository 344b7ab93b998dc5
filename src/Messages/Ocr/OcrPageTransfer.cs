using System.Diagnostics.CodeAnalysis;
using AkkaOcr.Messages.Serialization;
using MessagePack;

namespace AkkaOcr.Messages.Ocr;

/// <summary>
/// How a worker's <see cref="OcrReplies.Recognized"/> crosses remoting. Akka.Remote refuses a frame over
/// 128 kB, and one large frame holds up every other message on the connection, cluster heartbeats
/// included; a page with its hOCR, ALTO and text layer easily passes that. So a large page goes as
/// <see cref="OcrReplies.RecognizedPart"/>s: slices of its serialization, made with the protocol
/// serializer's own options so the joined page reads exactly as a whole message would.
/// </summary>
public static class OcrPageTransfer
{
    /// <summary>The largest serialized page sent whole: well below the frame limit, with room for the envelope.</summary>
    public const int MaxWholeBytes = 96 * 1024;

    /// <summary>The size of a slice, as <c>ImageTransfer</c> slices images on the way to a worker.</summary>
    public const int PartBytes = 64 * 1024;

    /// <summary>
    /// The most a joined page may be, far above any page's (a dense A4 page at 600 ppi is about a megabyte
    /// with everything): a sender claiming more is refused before anything is kept.
    /// </summary>
    public const int MaxTotalBytes = 16 * 1024 * 1024;

    /// <summary>The messages that carry <paramref name="page"/>: one <see cref="OcrReplies.Recognized"/> when small, parts in order otherwise.</summary>
    public static IReadOnlyList<IWithOcrJobId> Split(OcrJobId jobId, OcrPage page)
    {
        var bytes = MessagePackSerializer.Serialize(page, AkkaOcrSerializer.Options);
        if (bytes.Length <= MaxWholeBytes)
            return [new OcrReplies.Recognized(jobId, page)];
        var parts = new List<IWithOcrJobId>(bytes.Length / PartBytes + 1);
        for (var offset = 0; offset < bytes.Length; offset += PartBytes)
            parts.Add(new OcrReplies.RecognizedPart(jobId, offset, bytes.Length, bytes[offset..Math.Min(offset + PartBytes, bytes.Length)]));
        return parts;
    }

    /// <summary>The page whose serialization <paramref name="serialized"/> is, every part put together; false when the bytes are no page.</summary>
    public static bool TryJoin(OcrJobId jobId, byte[] serialized, [NotNullWhen(true)] out OcrReplies.Recognized? recognized)
    {
        try
        {
            var page = MessagePackSerializer.Deserialize<OcrPage>(serialized, AkkaOcrSerializer.Options);
            recognized = page is null ? null : new OcrReplies.Recognized(jobId, page);
        }
        catch (MessagePackSerializationException)
        {
            recognized = null;
        }
        return recognized is not null;
    }
}
