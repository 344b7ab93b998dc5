using AkkaOcr.Messages.Ocr;

namespace AkkaOcr.Ocr;

/// <summary>An image an engine cannot read, or an engine that failed; <see cref="Reason"/> says which.</summary>
public sealed class OcrEngineException(OcrFailure reason, string message) : Exception(message)
{
    public OcrFailure Reason { get; } = reason;

    /// <summary>True when the engine itself may be broken and should be recreated, not just the image refused.</summary>
    public bool EngineMayBeBroken => Reason == OcrFailure.EngineFailure;
}
