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
    private readonly int _maxPages;

    private TesseractEngine(TessBaseApiHandle api, string language, long maxPixels, int maxPages)
    {
        _api = api;
        _maxPixels = maxPixels;
        _maxPages = maxPages;
        Language = language;
    }

    public string Language { get; }

    /// <exception cref="OcrEngineException">The language cannot be loaded from <paramref name="tessdataPath"/>.</exception>
    /// <param name="maxPages">The most pages of one document (a multi-page TIFF) it reads; a longer one is refused whole.</param>
    public static TesseractEngine Create(string tessdataPath, string language, long maxPixels, int maxPages)
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
        return new TesseractEngine(api, language, maxPixels, maxPages);
    }

    /// <summary>
    /// Reads every page, one decoded at a time, within the one <paramref name="timeout"/>. A document's pages
    /// come back as one result: their texts joined by a form feed, their words marked with their page.
    /// </summary>
    public OcrPage Recognize(ReadOnlySpan<byte> image, OcrOptions options, TimeSpan timeout)
    {
        ObjectDisposedException.ThrowIf(_api.IsClosed, this);
        if (options.Language != Language)
            throw new ArgumentException($"this engine reads '{Language}', not '{options.Language}'", nameof(options));
        var started = Stopwatch.GetTimestamp();
        var pageCount = LeptonicaImage.CountPages(image, _maxPages + 1);
        if (pageCount > _maxPages)
            throw new OcrEngineException(OcrFailure.TooManyPages, $"the document has more than {_maxPages} pages");

        var pages = new List<PageResult>(pageCount);
        for (var page = 0; page < pageCount; page++)
        {
            using var pix = LeptonicaImage.DecodePage(image, page, _maxPixels);
            pages.Add(RecognizePage(pix, page, options, timeout - Stopwatch.GetElapsedTime(started), timeout));
        }
        return new OcrPage(
            string.Join('\f', pages.Select(page => page.Text)),
            pages.Average(page => page.Confidence),
            Language,
            (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            pages.SelectMany(page => page.Words).ToList(),
            options.Format == OcrOutputFormat.Text ? null : string.Concat(pages.Select(page => page.Rendered)));
    }

    private sealed record PageResult(string Text, float Confidence, List<OcrWord> Words, string? Rendered);

    private PageResult RecognizePage(PixHandle pix, int page, OcrOptions options, TimeSpan left, TimeSpan timeout)
    {
        if (left <= TimeSpan.Zero)
            throw new OcrEngineException(OcrFailure.TimedOut, $"recognition was cancelled after {timeout.TotalSeconds:0.#} s, before page {page + 1}");
        var started = Stopwatch.GetTimestamp();
        using var monitor = TesseractApi.TessMonitorCreate();
        TesseractApi.TessMonitorSetDeadlineMSecs(monitor, (int)Math.Clamp(left.TotalMilliseconds, 1, int.MaxValue));
        try
        {
            TesseractApi.TessBaseAPISetPageSegMode(_api, options.PageSegmentationMode);
            TesseractApi.TessBaseAPISetImage2(_api, pix);
            if (TesseractApi.TessBaseAPIRecognize(_api, monitor) != 0)
                throw Stopwatch.GetElapsedTime(started) >= left
                    ? new OcrEngineException(OcrFailure.TimedOut, $"recognition was cancelled after {timeout.TotalSeconds:0.#} s")
                    : new OcrEngineException(OcrFailure.EngineFailure, "Tesseract failed to recognize the image");

            var text = TesseractApi.TessBaseAPIGetUTF8Text(_api).Take() ?? "";
            var confidence = Math.Max(TesseractApi.TessBaseAPIMeanTextConf(_api), 0);
            var words = options.IncludeWords ? ReadWords(page + 1) : [];
            var rendered = options.Format switch
            {
                OcrOutputFormat.Hocr => TesseractApi.TessBaseAPIGetHOCRText(_api, page).Take(),
                OcrOutputFormat.Tsv => TesseractApi.TessBaseAPIGetTsvText(_api, page).Take(),
                _ => null,
            };
            return new PageResult(text, confidence, words, rendered);
        }
        finally
        {
            // Drops the page's results and Tesseract's reference to the image before the image is destroyed.
            TesseractApi.TessBaseAPIClear(_api);
        }
    }

    private List<OcrWord> ReadWords(int pageNumber)
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
            words.Add(new OcrWord(text, MathF.Round(confidence, 2), left, top, right - left, bottom - top, pageNumber));
        }
        while (TesseractApi.TessResultIteratorNext(iterator, TesseractApi.WordLevel) != 0);
        return words;
    }

    public void Dispose() => _api.Dispose();
}
