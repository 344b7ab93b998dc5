namespace AkkaOcr.Messages.Ocr;

/// <summary>Every answer an OCR worker gives.</summary>
public static class OcrReplies
{
    /// <summary>A worker introduces itself: the languages its node has traineddata for.</summary>
    public sealed record WorkerReady(IReadOnlyList<string> Languages) : IAkkaOcrMessage;

    public sealed record Recognized(OcrJobId JobId, OcrPage Page) : IWithOcrJobId;

    public sealed record Failed(OcrJobId JobId, OcrFailure Reason, string Detail) : IWithOcrJobId;
}
