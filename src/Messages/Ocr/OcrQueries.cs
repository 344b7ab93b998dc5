namespace AkkaOcr.Messages.Ocr;

/// <summary>Questions a gateway asks OCR workers.</summary>
public static class OcrQueries
{
    /// <summary>Sent to every worker of a new <c>ocr</c> node; each answers with <see cref="OcrReplies.WorkerReady"/>.</summary>
    public sealed record DescribeWorker : IAkkaOcrMessage
    {
        public static readonly DescribeWorker Instance = new();
    }
}
