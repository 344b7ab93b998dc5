using Akka.Actor;
using AkkaOcr.Messages.Ocr;

namespace AkkaOcr.Routing;

/// <summary>
/// Sends a job to a worker the way workers expect it: the announcement, then the image in slices well
/// below Akka.Remote's 128 kB frame, in order.
/// </summary>
public static class ImageTransfer
{
    public const int ChunkBytes = 64 * 1024;

    public static void Send(IActorRef worker, OcrCommands.StartJob job, byte[] image, IActorRef sender)
    {
        worker.Tell(job, sender);
        for (var offset = 0; offset < image.Length; offset += ChunkBytes)
            worker.Tell(new OcrCommands.ImageChunk(job.JobId, offset, image[offset..Math.Min(offset + ChunkBytes, image.Length)]), sender);
    }
}
