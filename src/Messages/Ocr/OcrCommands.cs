using System.Text;

namespace AkkaOcr.Messages.Ocr;

/// <summary>
/// What a gateway sends an OCR worker. An image travels as <see cref="StartJob"/> followed by
/// <see cref="ImageChunk"/>s, so no remoting frame is larger than a chunk and a 10 MiB upload never
/// holds up cluster heartbeats on the same connection.
/// </summary>
public static class OcrCommands
{
    /// <summary>Announces a job; the worker starts once <paramref name="ImageLength"/> bytes have arrived.</summary>
    /// <param name="Timeout">Time left for the job when it was sent; the worker cancels the engine past it.</param>
    public sealed record StartJob(OcrJobId JobId, OcrOptions Options, int ImageLength, TimeSpan Timeout) : IWithOcrJobId;

    /// <summary>A slice of the image at <paramref name="Offset"/>; slices of one job arrive in order.</summary>
    public sealed record ImageChunk(OcrJobId JobId, int Offset, [property: Secret] byte[] Data) : IWithOcrJobId
    {
        private bool PrintMembers(StringBuilder builder)
        {
            builder.Append($"JobId = {JobId}, Offset = {Offset}, Data = {SecretAttribute.Placeholder}");
            return true;
        }
    }

    /// <summary>
    /// Stops a job a worker is reading. It goes to the worker pool of the job's node, not to the worker: the
    /// worker is inside the engine until the page is read, while the pool can flip the job's cancellation at
    /// once. The worker then answers <see cref="OcrReplies.Failed"/> with <see cref="OcrFailure.Cancelled"/>.
    /// </summary>
    public sealed record CancelJob(OcrJobId JobId) : IWithOcrJobId;
}
