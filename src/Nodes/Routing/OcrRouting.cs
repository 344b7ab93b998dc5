using AkkaOcr.Messages.Ocr;

namespace AkkaOcr.Routing;

/// <summary>
/// How a gateway's request handlers talk to its <see cref="OcrRouter"/>. Local to the gateway, never
/// sent over the network. A <see cref="Submit"/> is answered with <see cref="OcrReplies.Recognized"/>,
/// <see cref="OcrReplies.Failed"/>, or one of the refusals below.
/// </summary>
public static class OcrRouting
{
    public sealed record Submit(OcrJobId JobId, byte[] Image, OcrOptions Options);

    /// <summary>
    /// The client no longer wants the work it submitted as <paramref name="JobId"/>: waiting, it is dropped;
    /// being read, its worker is told to stop. Never answered, and the submission gets no answer after it.
    /// </summary>
    public sealed record Cancel(OcrJobId JobId);

    /// <summary>No worker can take the work now: every one is busy and the wait queue is full, or every node is near its memory limit.</summary>
    public sealed record Busy(TimeSpan RetryAfter, string Reason = Busy.QueueFull)
    {
        public const string QueueFull = "every OCR worker is busy and the queue is full";

        public const string ShortOfMemory = "every OCR node is near its memory limit";
    }

    /// <summary>No <c>ocr</c> node can take the job, or the one reading it was lost.</summary>
    public sealed record Unavailable(string Reason);

    /// <summary>The language has no traineddata on any <c>ocr</c> node whose engine fits the work.</summary>
    public sealed record UnknownLanguage(string Language, IReadOnlyList<string> Installed);

    /// <summary>No <c>ocr</c> node runs the engine the client asked for; <paramref name="Running"/> are the ones that run.</summary>
    public sealed record UnknownEngine(string Engine, IReadOnlyList<string> Running);

    /// <summary>The engines that run cannot give what was asked (a document page from an engine that writes none); <paramref name="Reason"/> says why.</summary>
    public sealed record OutputUnsupported(string Reason);

    /// <summary>Asks which languages the available workers read; answered with <see cref="Languages"/>.</summary>
    public sealed record ListLanguages
    {
        public static readonly ListLanguages Instance = new();
    }

    /// <summary>The languages installed on the workers that can take work now, sorted, and their engines with the languages each reads.</summary>
    public sealed record Languages(IReadOnlyList<string> Installed, IReadOnlyList<(OcrEngineInfo Engine, IReadOnlyList<string> Languages)> Engines);
}
