namespace AkkaOcr.Ocr;

/// <summary>The values of <c>Ocr__Device</c>: where an engine runs its models.</summary>
public static class OcrDevices
{
    public const string Cpu = "cpu";

    /// <summary>ONNX Runtime's CUDA execution provider; only the <c>ppocr</c> engine has models to run there.</summary>
    public const string Cuda = "cuda";

    public static readonly IReadOnlyList<string> All = [Cpu, Cuda];
}
