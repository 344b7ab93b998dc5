using AkkaOcr.Messages.Ocr;

namespace AkkaOcr.Routing;

/// <summary>
/// One image for one worker to read, as the <see cref="OcrSchedule{TNode, TWorker, TClient, TPayload}"/> sees it:
/// what it needs to place and answer the work, and the payload it hands back untouched for sending.
/// </summary>
/// <param name="JobId">The id the worker's answer carries.</param>
/// <param name="Client">Who gets the answer or the refusal.</param>
/// <param name="Payload">What the sender needs to start the work on a worker (the image and its options).</param>
/// <param name="Engine">The engine the client asked for; null for any.</param>
/// <param name="NeedsDocumentPage">The answer needs a document page's outputs (<see cref="OcrEngineInfo.WritesDocumentPages"/>).</param>
public sealed record OcrWork<TClient, TPayload>(
    OcrJobId JobId, WorkOwner Owner, LanguageSpec Language, TClient Client, TPayload Payload, string? Engine = null, bool NeedsDocumentPage = false)
{
    /// <summary>Whether a worker running <paramref name="engine"/> can do this work in some language.</summary>
    public bool FitsEngine(OcrEngineInfo engine) => (Engine is null || engine.Name == Engine) && (!NeedsDocumentPage || engine.WritesDocumentPages);

    /// <summary>Whether a worker running <paramref name="engine"/> with <paramref name="languages"/> can do this work.</summary>
    public bool IsReadableBy(OcrEngineInfo engine, IReadOnlySet<string> languages) =>
        FitsEngine(engine) && Language.IsReadableWith(languages, engine.DetectsScript);
}
