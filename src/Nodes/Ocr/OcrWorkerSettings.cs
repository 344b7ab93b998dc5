using AkkaOcr.Messages.Ocr;

namespace AkkaOcr.Ocr;

/// <summary>
/// An <c>ocr</c> node's pool: <c>Ocr__Workers</c>, <c>Ocr__Languages</c>, <c>Ocr__TessdataPath</c>, the
/// bounds every image is read within (<c>Ocr__MaxUploadBytes</c>, <c>Ocr__MaxPixels</c>, <c>Ocr__MaxSyncPages</c>, <c>Ocr__Timeout</c>),
/// the memory it starts no more images above (<c>Ocr__MemoryLimitMiB</c>, <c>Ocr__MemoryRefusePercent</c>),
/// and the engine that reads them (<c>Ocr__Engine</c>, <c>Ocr__Device</c>, <c>Ocr__ModelsPath</c>).
/// The gateway binds the same section for what it checks at the edge.
/// </summary>
public sealed class OcrWorkerSettings
{
    public const string SectionName = "Ocr";

    /// <summary>Where Debian's tesseract-ocr-* packages put their traineddata.</summary>
    public const string DebianTessdataPath = "/usr/share/tesseract-ocr/5/tessdata";

    /// <summary>Worker actors (each with its own engine and thread) per <c>ocr</c> node; 0 means one per core.</summary>
    public int Workers { get; set; }

    /// <summary>The language every engine starts with and a request without <c>lang</c> gets, Tesseract style (<c>eng+deu</c>).</summary>
    public string Languages { get; set; } = "eng";

    public string TessdataPath { get; set; } = DebianTessdataPath;

    /// <summary>Where the Dockerfile puts PP-OCR's models and dictionary; <c>./run.sh</c> and the tests set their own folder.</summary>
    public const string DefaultModelsPath = "/usr/local/share/akkaocr/ppocr";

    /// <summary>The engine every worker of this node runs: <c>tesseract</c> or <c>ppocr</c>.</summary>
    public string Engine { get; set; } = OcrEngineNames.Tesseract;

    /// <summary>Where the PP-OCR engine runs its models: <c>cpu</c> or <c>cuda</c>.</summary>
    public string Device { get; set; } = OcrDevices.Cpu;

    /// <summary>The folder of PP-OCR's three ONNX models and its dictionary, read only by the <c>ppocr</c> engine.</summary>
    public string ModelsPath { get; set; } = DefaultModelsPath;

    public long MaxUploadBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>
    /// The largest image a worker takes: an upload (the gateway holds it to <see cref="MaxUploadBytes"/>), or
    /// a page a job rasterized within <see cref="MaxPixels"/>, which for a colour scan can be larger than any
    /// upload limit. Bounds the memory a worker spends on an image arriving in chunks.
    /// </summary>
    public long MaxImageBytes => Math.Max(MaxUploadBytes, 64L * 1024 * 1024);

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Width times height above which an image is refused before it is decoded: a few kilobytes of
    /// PNG can claim gigapixels. 40 million covers an A4 page at 600 dpi.
    /// </summary>
    public long MaxPixels { get; set; } = 40_000_000;

    /// <summary>The most pages of one document (a multi-page TIFF) a worker reads for <c>POST /ocr</c>; a longer one is refused whole.</summary>
    public int MaxSyncPages { get; set; } = 10;

    /// <summary>The memory this node may use, in MiB; 0 means its container's limit, else the machine's memory.</summary>
    public long MemoryLimitMiB { get; set; }

    /// <summary>The share of <see cref="MemoryLimitMiB"/> in use (resident) above which a worker starts no new image.</summary>
    public int MemoryRefusePercent { get; set; } = 85;

    public int EffectiveWorkers => Workers > 0 ? Workers : Environment.ProcessorCount;

    public IEnumerable<string> Validate()
    {
        if (Workers is < 0 or > 256)
            yield return $"Ocr__Workers {Workers} is outside 0 (one per core) to 256";
        if (!OcrLanguages.IsValidSpec(Languages))
            yield return $"Ocr__Languages '{Languages}' is not a language list such as 'eng' or 'eng+deu'";
        if (string.IsNullOrWhiteSpace(TessdataPath))
            yield return "Ocr__TessdataPath is empty";
        if (!OcrEngineNames.All.Contains(Engine))
            yield return $"Ocr__Engine '{Engine}' is not one of {string.Join(", ", OcrEngineNames.All)}";
        if (!OcrDevices.All.Contains(Device))
            yield return $"Ocr__Device '{Device}' is not one of {string.Join(", ", OcrDevices.All)}";
        else if (Device == OcrDevices.Cuda && Engine == OcrEngineNames.Tesseract)
            yield return $"Ocr__Device cuda needs Ocr__Engine {OcrEngineNames.PaddleOcr}: Tesseract runs on the CPU only";
        if (Engine == OcrEngineNames.PaddleOcr && string.IsNullOrWhiteSpace(ModelsPath))
            yield return "Ocr__ModelsPath is empty";
        if (MaxPixels is < 1_000_000 or > 1_000_000_000)
            yield return $"Ocr__MaxPixels {MaxPixels} is outside 1 to 1000 million";
        if (MaxSyncPages is < 1 or > 100)
            yield return $"Ocr__MaxSyncPages {MaxSyncPages} is outside 1 to 100";
        if (MemoryLimitMiB is < 0 or > 16L * 1024 * 1024)
            yield return $"Ocr__MemoryLimitMiB {MemoryLimitMiB} is outside 0 (the container's or machine's memory) to 16777216";
        if (MemoryRefusePercent is < 10 or > 99)
            yield return $"Ocr__MemoryRefusePercent {MemoryRefusePercent} is outside 10 to 99";
    }
}
