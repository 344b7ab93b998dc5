using AkkaOcr.Messages.Ocr;

namespace AkkaOcr.Ocr.Workers;

/// <summary>An image arriving in chunks for one job, and when it was announced (its deadline counts from then).</summary>
internal sealed class ImageAssembly(OcrCommands.StartJob job, long announcedAt)
{
    private int _received;

    public OcrCommands.StartJob Job { get; } = job;

    public long AnnouncedAt { get; } = announcedAt;

    public byte[] Image { get; } = new byte[job.ImageLength];

    public bool IsComplete => _received == Image.Length;

    /// <summary>Copies a chunk in; false when it does not continue the image where the last one ended.</summary>
    public bool Add(OcrCommands.ImageChunk chunk)
    {
        if (chunk.Offset != _received || chunk.Data.Length > Image.Length - _received)
            return false;
        chunk.Data.CopyTo(Image, _received);
        _received += chunk.Data.Length;
        return true;
    }
}
