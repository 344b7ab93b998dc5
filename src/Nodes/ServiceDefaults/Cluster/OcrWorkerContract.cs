namespace AkkaOcr.ServiceDefaults.Cluster;

/// <summary>Where a gateway's router finds the workers of an <c>ocr</c> node: the children of this actor.</summary>
public static class OcrWorkerContract
{
    public const string ParentName = "ocr-workers";
}
