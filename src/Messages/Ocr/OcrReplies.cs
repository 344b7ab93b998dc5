using System.Text;

namespace AkkaOcr.Messages.Ocr;

/// <summary>Every answer an OCR worker gives.</summary>
public static class OcrReplies
{
    /// <summary>
    /// A worker introduces itself: the languages its node reads, how many workers its node runs (so a router
    /// counts the whole pool's room from the first introduction, not one worker at a time), and its engine,
    /// which a router matches against what a request needs. A node that names no engine runs Tesseract.
    /// </summary>
    public sealed record WorkerReady(IReadOnlyList<string> Languages, int PoolSize = 1, OcrEngineInfo? Engine = null) : IAkkaOcrMessage
    {
        public OcrEngineInfo EngineOrDefault => Engine ?? OcrEngineInfo.Tesseract;
    }

    public sealed record Recognized(OcrJobId JobId, OcrPage Page) : IWithOcrJobId;

    /// <summary>
    /// A slice of a <see cref="Recognized"/> too large for one remoting frame (hOCR, ALTO and a text layer can
    /// pass 128 kB): <paramref name="Data"/> is the bytes at <paramref name="Offset"/> of the page's
    /// serialization, <paramref name="TotalLength"/> bytes in all. Slices of one job arrive in order;
    /// <see cref="OcrPageTransfer"/> makes and joins them.
    /// </summary>
    public sealed record RecognizedPart(OcrJobId JobId, int Offset, int TotalLength, [property: Secret] byte[] Data) : IWithOcrJobId
    {
        private bool PrintMembers(StringBuilder builder)
        {
            builder.Append($"JobId = {JobId}, Offset = {Offset}, TotalLength = {TotalLength}, Data = {SecretAttribute.Placeholder}");
            return true;
        }
    }

    public sealed record Failed(OcrJobId JobId, OcrFailure Reason, string Detail) : IWithOcrJobId;

    /// <summary>
    /// The worker did not start the work: its node is near its memory limit. Nothing was read, so the
    /// router gives the work to another node; <paramref name="Reason"/> says how near.
    /// </summary>
    public sealed record Declined(OcrJobId JobId, string Reason) : IWithOcrJobId;
}
