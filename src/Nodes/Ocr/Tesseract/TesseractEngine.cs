using System.Diagnostics;
using AkkaOcr.Messages.Ocr;

namespace AkkaOcr.Ocr.Tesseract;

/// <summary>
/// One in-process Tesseract engine. Loading a language takes a few hundred milliseconds, so an engine
/// is created once and reused for every page; it is not thread-safe, so each worker owns one.
/// </summary>
public sealed class TesseractEngine : IOcrEngine
{
    private readonly TessBaseApiHandle _api;
    private readonly long _maxPixels;

    private TesseractEngine(TessBaseApiHandle api, string language, long maxPixels)
    {
        _api = api;
        _maxPixels = maxPixels;
        Language = language;
    }

    public string Language { get; }

    /// <exception cref="OcrEngineException">The language cannot be loaded from <paramref name="tessdataPath"/>.</exception>
    public static TesseractEngine Create(string tessdataPath, string language, long maxPixels)
    {
        var api = TesseractApi.TessBaseAPICreate();
        if (api.IsInvalid)
        {
            api.Dispose();
            throw new OcrEngineException(OcrFailure.EngineFailure, "Tesseract could not create an engine");
        }
        if (TesseractApi.TessBaseAPIInit3(api, tessdataPath, language) != 0)
        {
            api.Dispose();
            throw new OcrEngineException(OcrFailure.UnknownLanguage, $"Tesseract could not load the language '{language}'");
        }
        // Tesseract's diagnostics ("Estimating resolution as ...") would otherwise go to stderr per page.
        TesseractApi.TessBaseAPISetVariable(api, "debug_file", "/dev/null");
        return new TesseractEngine(api, language, maxPixels);
    }

    public OcrPage Recognize(ReadOnlySpan<byte> image, OcrOptions options, TimeSpan timeout)
    {
        ObjectDisposedException.ThrowIf(_api.IsClosed, this);
        if (options.Language != Language)
            throw new ArgumentException($"this engine reads '{Language}', not '{options.Language}'", nameof(options));
        var started = Stopwatch.GetTimestamp();

        using var pix = LeptonicaImage.Decode(image, _maxPixels);
        using var monitor = TesseractApi.TessMonitorCreate();
        TesseractApi.TessMonitorSetDeadlineMSecs(monitor, (int)Math.Clamp(timeout.TotalMilliseconds, 1, int.MaxValue));
        try
        {
            TesseractApi.TessBaseAPISetPageSegMode(_api, options.PageSegmentationMode);
            TesseractApi.TessBaseAPISetImage2(_api, pix);
            if (TesseractApi.TessBaseAPIRecognize(_api, monitor) != 0)
                throw Stopwatch.GetElapsedTime(started) >= timeout
                    ? new OcrEngineException(OcrFailure.TimedOut, $"recognition was cancelled after {timeout.TotalSeconds:0.#} s")
                    : new OcrEngineException(OcrFailure.EngineFailure, "Tesseract failed to recognize the image");

            var text = TesseractApi.TessBaseAPIGetUTF8Text(_api).Take() ?? "";
            var confidence = TesseractApi.TessBaseAPIMeanTextConf(_api);
            var words = options.IncludeWords ? ReadWords() : [];
            var rendered = options.Format switch
            {
                OcrOutputFormat.Hocr => TesseractApi.TessBaseAPIGetHOCRText(_api, 0).Take(),
                OcrOutputFormat.Tsv => TesseractApi.TessBaseAPIGetTsvText(_api, 0).Take(),
                _ => null,
            };
            return new OcrPage(text, Math.Max(confidence, 0), Language,
                (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, words, rendered);
        }
        finally
        {
            // Drops the page's results and Tesseract's reference to the image before the image is destroyed.
            TesseractApi.TessBaseAPIClear(_api);
        }
    }

    private List<OcrWord> ReadWords()
    {
        var words = new List<OcrWord>();
        using var iterator = TesseractApi.TessBaseAPIGetIterator(_api);
        if (iterator.IsInvalid)
            return words;
        var page = TesseractApi.TessResultIteratorGetPageIteratorConst(iterator);
        do
        {
            var text = TesseractApi.TessResultIteratorGetUTF8Text(iterator, TesseractApi.WordLevel).Take();
            if (string.IsNullOrWhiteSpace(text)
                || TesseractApi.TessPageIteratorBoundingBox(page, TesseractApi.WordLevel, out var left, out var top, out var right, out var bottom) == 0)
                continue;
            var confidence = TesseractApi.TessResultIteratorConfidence(iterator, TesseractApi.WordLevel);
            words.Add(new OcrWord(text, MathF.Round(confidence, 2), left, top, right - left, bottom - top));
        }
        while (TesseractApi.TessResultIteratorNext(iterator, TesseractApi.WordLevel) != 0);
        return words;
    }

    public void Dispose() => _api.Dispose();
}
