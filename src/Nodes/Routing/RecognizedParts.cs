using System.Diagnostics.CodeAnalysis;
using AkkaOcr.Messages.Ocr;

namespace AkkaOcr.Routing;

/// <summary>
/// A worker's answer arriving as <see cref="OcrReplies.RecognizedPart"/>s for one job: the page's serialization,
/// put together in order, of the length the first part announced and never more than
/// <see cref="OcrPageTransfer.MaxTotalBytes"/>.
/// </summary>
internal sealed class RecognizedParts
{
    private readonly byte[] _bytes;
    private int _received;

    private RecognizedParts(int totalLength) => _bytes = new byte[totalLength];

    public bool IsComplete => _received == _bytes.Length;

    /// <summary>The assembly a first part starts; null when the part does not start one (not at offset 0, or a length out of bounds).</summary>
    public static RecognizedParts? Start(OcrReplies.RecognizedPart first) =>
        first.Offset == 0 && first.TotalLength is > 0 and <= OcrPageTransfer.MaxTotalBytes ? new RecognizedParts(first.TotalLength) : null;

    /// <summary>Copies a part in; false when it does not continue where the last one ended or claims another length.</summary>
    public bool Add(OcrReplies.RecognizedPart part)
    {
        if (part.Offset != _received || part.TotalLength != _bytes.Length || part.Data.Length > _bytes.Length - _received)
            return false;
        part.Data.CopyTo(_bytes, _received);
        _received += part.Data.Length;
        return true;
    }

    /// <summary>The answer the parts make; false when they are no page.</summary>
    public bool TryJoin(OcrJobId jobId, [NotNullWhen(true)] out OcrReplies.Recognized? recognized) =>
        OcrPageTransfer.TryJoin(jobId, _bytes, out recognized);
}
