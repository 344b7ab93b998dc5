using AkkaOcr.Messages.Ocr;

namespace AkkaOcr.Routing;

/// <summary>
/// One image for one worker to read, as the <see cref="OcrSchedule{TNode, TWorker, TClient, TPayload}"/> sees it:
/// what it needs to place and answer the work, and the payload it hands back untouched for sending.
/// </summary>
/// <param name="JobId">The id the worker's answer carries.</param>
/// <param name="Client">Who gets the answer or the refusal.</param>
/// <param name="Payload">What the sender needs to start the work on a worker (the image and its options).</param>
public sealed record OcrWork<TClient, TPayload>(OcrJobId JobId, WorkOwner Owner, LanguageSpec Language, TClient Client, TPayload Payload);
