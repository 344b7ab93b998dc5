namespace AkkaOcr.Messages.Ocr;

/// <summary>
/// What the engine of an <c>ocr</c> node's workers can do, as they tell the routers: its name
/// (<c>Ocr__Engine</c>), its device (<c>Ocr__Device</c>), whether it reads <c>lang=auto</c> by detecting each
/// page's script, and whether it writes what a document job's page needs (<see cref="OcrPageOutputs"/>: the
/// searchable PDF's text layer and ALTO).
/// </summary>
public sealed record OcrEngineInfo(string Name, string Device, bool DetectsScript, bool WritesDocumentPages) : IAkkaOcrMessage
{
    public const string TesseractName = "tesseract";

    /// <summary>Tesseract on the CPU: what a worker that names no engine runs, as every node did before engines could be chosen.</summary>
    public static readonly OcrEngineInfo Tesseract = new(TesseractName, "cpu", DetectsScript: true, WritesDocumentPages: true);

    public override string ToString() => $"{Name} on {Device}";
}
