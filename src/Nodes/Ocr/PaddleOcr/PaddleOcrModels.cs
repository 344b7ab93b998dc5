using AkkaOcr.Messages.Ocr;
using Microsoft.ML.OnnxRuntime;

namespace AkkaOcr.Ocr.PaddleOcr;

/// <summary>The three ONNX sessions of one engine and the recognizer's dictionary, freed together.</summary>
internal sealed class PaddleOcrModels : IDisposable
{
    private PaddleOcrModels(OnnxModel detection, OnnxModel classification, OnnxModel recognition, CtcDecoder decoder)
    {
        Detection = detection;
        Classification = classification;
        Recognition = recognition;
        Decoder = decoder;
    }

    public OnnxModel Detection { get; }

    public OnnxModel Classification { get; }

    public OnnxModel Recognition { get; }

    public CtcDecoder Decoder { get; }

    public bool IsDisposed { get; private set; }

    /// <exception cref="OcrEngineException">A file is missing or not a model, or the device cannot run them.</exception>
    public static PaddleOcrModels Load(string folder, string device)
    {
        var files = new PaddleOcrModelFiles(folder);
        var missing = files.Missing.ToList();
        if (missing.Count > 0)
            throw new OcrEngineException(OcrFailure.EngineFailure, $"Ocr__ModelsPath ({folder}) lacks {string.Join(", ", missing)}");
        var loaded = new List<OnnxModel>(3);
        try
        {
            using var options = PaddleOcrRuntime.SessionOptions(device);
            foreach (var path in new[] { files.Detection, files.Classification, files.Recognition })
                loaded.Add(OnnxModel.Load(path, options));
            var decoder = new CtcDecoder(File.ReadAllLines(files.Dictionary));
            var classes = loaded[2].OutputShape[^1];
            if (classes != decoder.ClassCount)
                throw new OcrEngineException(OcrFailure.EngineFailure,
                    $"the recognizer has {classes} classes, but its dictionary makes {decoder.ClassCount}: the models do not belong together");
            return new PaddleOcrModels(loaded[0], loaded[1], loaded[2], decoder);
        }
        catch (Exception e) when (e is OnnxRuntimeException or IOException)
        {
            loaded.ForEach(model => model.Dispose());
            throw new OcrEngineException(OcrFailure.EngineFailure, $"the PP-OCR models in {folder} cannot be loaded: {e.Message}");
        }
        catch
        {
            loaded.ForEach(model => model.Dispose());
            throw;
        }
    }

    public void Dispose()
    {
        if (IsDisposed)
            return;
        IsDisposed = true;
        Detection.Dispose();
        Classification.Dispose();
        Recognition.Dispose();
    }
}
