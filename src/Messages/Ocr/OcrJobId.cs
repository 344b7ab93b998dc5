namespace AkkaOcr.Messages.Ocr;

/// <summary>One recognition request, from the gateway that accepted it to the worker that runs it.</summary>
public readonly record struct OcrJobId(Guid Value)
{
    public static OcrJobId New() => new(Guid.NewGuid());

    public override string ToString() => Value.ToString("N");
}
