using AkkaOcr.Messages.Ocr;
using AkkaOcr.Ocr.PaddleOcr;
using AkkaOcr.Ocr.Tesseract;
using AkkaOcr.ServiceDefaults.Settings;

namespace AkkaOcr.Ocr;

/// <summary>
/// The engine <c>Ocr__Engine</c> names for this node, on <c>Ocr__Device</c>: the languages its workers
/// advertise and how a worker makes an engine for a language.
/// </summary>
public sealed record OcrEngineChoice(string Engine, string Device, IReadOnlyList<string> InstalledLanguages, Func<string, IOcrEngine> Create)
{
    /// <summary>
    /// What the workers tell the routers: Tesseract detects scripts (<c>lang=auto</c>) and writes a document
    /// page's text layer and ALTO; PP-OCR gives text, words with boxes, hOCR and TSV.
    /// </summary>
    public OcrEngineInfo Info => Engine == OcrEngineNames.PaddleOcr
        ? new OcrEngineInfo(Engine, Device, DetectsScript: false, WritesDocumentPages: false)
        : new OcrEngineInfo(Engine, Device, DetectsScript: true, WritesDocumentPages: true);

    /// <summary>Checks what the chosen engine needs (libraries, languages, models, device) before the node starts.</summary>
    /// <exception cref="SettingsException">Something the engine needs is missing.</exception>
    public static void EnsureAvailable(OcrWorkerSettings settings)
    {
        if (settings.Engine == OcrEngineNames.PaddleOcr)
            PaddleOcrRuntime.EnsureAvailable(settings);
        else
            TesseractRuntime.EnsureAvailable(settings);
    }

    public static OcrEngineChoice For(OcrWorkerSettings settings)
    {
        if (settings.Engine == OcrEngineNames.PaddleOcr)
            return new OcrEngineChoice(settings.Engine, settings.Device, PaddleOcrRuntime.Languages,
                language => PaddleOcrEngine.Create(settings, language));

        var installed = TesseractRuntime.InstalledLanguages(settings.TessdataPath);
        var installedSet = installed.ToHashSet(StringComparer.Ordinal);
        return new OcrEngineChoice(settings.Engine, settings.Device, installed, language => OcrLanguages.IsAuto(language)
            ? TesseractEngine.CreateAuto(settings.TessdataPath, installedSet, settings.Languages, settings.MaxPixels, settings.MaxSyncPages)
            : TesseractEngine.Create(settings.TessdataPath, language, settings.MaxPixels, settings.MaxSyncPages));
    }
}
