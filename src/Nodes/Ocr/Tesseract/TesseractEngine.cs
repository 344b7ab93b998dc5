using System.Diagnostics;
using System.Runtime.InteropServices;
using AkkaOcr.Messages.Ocr;

namespace AkkaOcr.Ocr.Tesseract;

/// <summary>
/// One in-process Tesseract engine. Loading a language takes a few hundred milliseconds, so an engine
/// is created once and reused for every page; it is not thread-safe, so each worker owns one.
/// </summary>
public sealed class TesseractEngine : IOcrEngine
{
    /// <summary>Tesseract's orientation and script data, loaded into an engine of its own for <see cref="OcrOptions.AutoRotate"/>.</summary>
    private const string OrientationData = "osd";

    /// <summary>
    /// The orientation confidence above which a page is turned. OSD's confidence grows with the text it
    /// sees: three lines of ordinary print score about 8 in each of the four orientations, a single line
    /// about 1.3, and a page it cannot judge (a photo, a few characters) is skipped. OCRmyPDF's conservative
    /// default of 14 would leave short pages, such as a receipt or a letter's last page, sideways; 2, its
    /// aggressive setting, is where its authors saw false turns begin, so a lone line stays as it came.
    /// </summary>
    private const float RotateConfidence = 2.0f;

    /// <summary>
    /// OSD's script confidence below which <c>lang=auto</c> keeps the default language: four lines of
    /// Cyrillic score about 1.5, a page of Latin print 2; a guess from a handful of characters scores less.
    /// </summary>
    private const float ScriptConfidence = 0.5f;

    /// <summary>The languages <c>lang=auto</c> may choose from, and the one it takes when OSD sees no script.</summary>
    private sealed record AutoLanguage(IReadOnlySet<string> Installed, string Fallback);

    /// <summary>The engine reading the current page: the one language's, or with <c>lang=auto</c> the page's script's.</summary>
    private TessBaseApiHandle _api;

    /// <summary>Every engine loaded, by language; with a fixed language just that one.</summary>
    private readonly Dictionary<string, TessBaseApiHandle> _loaded = new(StringComparer.Ordinal);

    private readonly AutoLanguage? _auto;
    private readonly string _tessdataPath;
    private readonly long _maxPixels;
    private readonly int _maxPages;
    private TessBaseApiHandle? _orientation;

    private TesseractEngine(string tessdataPath, string language, AutoLanguage? auto, long maxPixels, int maxPages)
    {
        _tessdataPath = tessdataPath;
        _maxPixels = maxPixels;
        _maxPages = maxPages;
        _auto = auto;
        Language = language;
        // With lang=auto the default language is loaded up front, as a fixed one is: pages OSD cannot judge use it.
        _api = Load(auto?.Fallback ?? language);
    }

    public string Language { get; }

    /// <exception cref="OcrEngineException">The language cannot be loaded from <paramref name="tessdataPath"/>.</exception>
    /// <param name="maxPages">The most pages of one document (a multi-page TIFF) it reads; a longer one is refused whole.</param>
    public static TesseractEngine Create(string tessdataPath, string language, long maxPixels, int maxPages) =>
        new(tessdataPath, language, auto: null, maxPixels, maxPages);

    /// <summary>
    /// An engine for <c>lang=auto</c>: it reads each page with the language of the script OSD detects on it
    /// (<see cref="ScriptLanguages"/>), among <paramref name="installed"/>, and with <paramref name="fallback"/>
    /// where OSD sees no script. Each language is loaded once, when a page first needs it.
    /// </summary>
    /// <exception cref="OcrEngineException">The fallback language cannot be loaded.</exception>
    public static TesseractEngine CreateAuto(string tessdataPath, IReadOnlySet<string> installed, string fallback, long maxPixels, int maxPages) =>
        new(tessdataPath, OcrLanguages.Auto, new AutoLanguage(installed, fallback), maxPixels, maxPages);

    private TessBaseApiHandle Load(string language)
    {
        if (!_loaded.TryGetValue(language, out var api))
            _loaded[language] = api = CreateApi(_tessdataPath, language);
        return api;
    }

    private static TessBaseApiHandle CreateApi(string tessdataPath, string language)
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
        return api;
    }

    /// <summary>
    /// Reads every page, one decoded at a time, within the one <paramref name="timeout"/>. A document's pages
    /// come back as one result: their texts joined by a form feed, their words marked with their page.
    /// </summary>
    public OcrPage Recognize(ReadOnlySpan<byte> image, OcrOptions options, TimeSpan timeout, CancellationToken cancellation = default)
    {
        ObjectDisposedException.ThrowIf(_api.IsClosed, this);
        if (options.Language != Language)
            throw new ArgumentException($"this engine reads '{Language}', not '{options.Language}'", nameof(options));
        var started = Stopwatch.GetTimestamp();
        ThrowIfCancelled(cancellation);
        var pageCount = LeptonicaImage.CountPages(image, _maxPages + 1);
        if (pageCount > _maxPages)
            throw new OcrEngineException(OcrFailure.TooManyPages, $"the document has more than {_maxPages} pages");
        if (options.PageOutputs && pageCount > 1)
            throw new OcrEngineException(OcrFailure.TooManyPages, $"page outputs are made for one page at a time; the image has {pageCount}");

        var pages = new List<PageResult>(pageCount);
        for (var page = 0; page < pageCount; page++)
        {
            using var pix = LeptonicaImage.DecodePage(image, page, _maxPixels);
            pages.Add(RecognizePage(pix, page, options, new Deadline(started, timeout), cancellation));
        }
        return new OcrPage(
            string.Join('\f', pages.Select(page => page.Text)),
            pages.Average(page => page.Confidence),
            // With lang=auto, the languages the pages were read with: what was chosen is part of the answer.
            string.Join('+', pages.Select(page => page.Language).Distinct(StringComparer.Ordinal)),
            (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            pages.SelectMany(page => page.Words).ToList(),
            options.Format == OcrOutputFormat.Text ? null : string.Concat(pages.Select(page => page.Rendered)),
            pages[0].Outputs);
    }

    private sealed record PageResult(string Language, string Text, float Confidence, List<OcrWord> Words, string? Rendered, OcrPageOutputs? Outputs);

    /// <summary>The one deadline of an image, over all its pages and every step of each.</summary>
    private readonly record struct Deadline(long Started, TimeSpan Timeout)
    {
        public TimeSpan Left => Timeout - Stopwatch.GetElapsedTime(Started);

        public OcrEngineException Passed(string when) =>
            new(OcrFailure.TimedOut, $"recognition was cancelled after {Timeout.TotalSeconds:0.#} s{when}");
    }

    private PageResult RecognizePage(PixHandle sent, int page, OcrOptions options, Deadline deadline, CancellationToken cancellation)
    {
        if (deadline.Left <= TimeSpan.Zero)
            throw deadline.Passed($", before page {page + 1}");
        ThrowIfCancelled(cancellation);
        var orientation = options.AutoRotate || _auto is not null ? DetectOrientation(sent, options.Resolution) : PageOrientation.Unknown;
        var quarterTurns = options.AutoRotate ? orientation.UprightQuarterTurns : 0;
        var language = _auto is null ? Language : ScriptLanguages.Choose(orientation.Script, _auto.Installed, _auto.Fallback);
        _api = Load(language);
        using var upright = quarterTurns == 0 ? null : Checked(LeptonicaApi.pixRotateOrth(sent, quarterTurns), "turn the page upright");
        var deskewDegrees = 0f;
        using var straightened = options.Deskew ? Straighten(upright ?? sent, out deskewDegrees) : null;
        var geometry = new PageGeometry(LeptonicaApi.pixGetWidth(sent), LeptonicaApi.pixGetHeight(sent), quarterTurns, deskewDegrees);
        var pix = straightened ?? upright ?? sent;

        var left = deadline.Left;
        if (left <= TimeSpan.Zero)
            throw deadline.Passed($", before page {page + 1}");
        ThrowIfCancelled(cancellation);
        var started = Stopwatch.GetTimestamp();
        using var monitor = TesseractApi.TessMonitorCreate();
        TesseractApi.TessMonitorSetDeadlineMSecs(monitor, (int)Math.Clamp(left.TotalMilliseconds, 1, int.MaxValue));
        using var cancellable = MonitorCancellation.Install(monitor, cancellation);
        try
        {
            TesseractApi.TessBaseAPISetPageSegMode(_api, options.PageSegmentationMode);
            TesseractApi.TessBaseAPISetImage2(_api, pix);
            // Setting the image takes its resolution from the image; a resolution the sender knows comes after.
            if (options.Resolution > 0)
                TesseractApi.TessBaseAPISetSourceResolution(_api, options.Resolution);
            if (TesseractApi.TessBaseAPIRecognize(_api, monitor) != 0)
            {
                ThrowIfCancelled(cancellation);
                throw Stopwatch.GetElapsedTime(started) >= left
                    ? deadline.Passed("")
                    : new OcrEngineException(OcrFailure.EngineFailure, "Tesseract failed to recognize the image");
            }

            var text = TesseractApi.TessBaseAPIGetUTF8Text(_api).Take() ?? "";
            var confidence = Math.Max(TesseractApi.TessBaseAPIMeanTextConf(_api), 0);
            var words = options.IncludeWords ? ReadWords(page + 1, geometry) : [];
            var rendered = options.Format switch
            {
                OcrOutputFormat.Hocr => TesseractApi.TessBaseAPIGetHOCRText(_api, page).Take(),
                OcrOutputFormat.Tsv => TesseractApi.TessBaseAPIGetTsvText(_api, page).Take(),
                _ => null,
            };
            var outputs = options.PageOutputs ? PageOutputs(page, geometry) : null;
            return new PageResult(language, text, confidence, words, rendered, outputs);
        }
        finally
        {
            // Drops the page's results and Tesseract's reference to the image before the image is destroyed.
            TesseractApi.TessBaseAPIClear(_api);
        }
    }

    /// <summary>What OSD saw on a page: how to turn it upright, and its script (null when unsure).</summary>
    /// <param name="UprightQuarterTurns">
    /// Clockwise quarter turns that make the page upright. OSD says how far the page is turned clockwise
    /// from upright; turning it on by the rest of a full turn undoes that. A page OSD cannot read, or is
    /// unsure of, stays as it is.
    /// </param>
    private readonly record struct PageOrientation(int UprightQuarterTurns, string? Script)
    {
        public static PageOrientation Unknown => new(0, null);
    }

    private PageOrientation DetectOrientation(PixHandle pix, int resolution)
    {
        var osd = _orientation ??= CreateApi(_tessdataPath, OrientationData);
        try
        {
            TesseractApi.TessBaseAPISetImage2(osd, pix);
            if (resolution > 0)
                TesseractApi.TessBaseAPISetSourceResolution(osd, resolution);
            if (TesseractApi.TessBaseAPIDetectOrientationScript(osd, out var degrees, out var confidence, out var scriptName, out var scriptConfidence) == 0)
                return PageOrientation.Unknown;
            return new PageOrientation(
                confidence < RotateConfidence ? 0 : (360 - degrees) % 360 / 90,
                scriptConfidence < ScriptConfidence ? null : Marshal.PtrToStringUTF8(scriptName));
        }
        finally
        {
            TesseractApi.TessBaseAPIClear(osd);
        }
    }

    /// <summary>The page straightened, or null when Leptonica found no skew it trusts enough to correct.</summary>
    private static PixHandle? Straighten(PixHandle pix, out float degrees)
    {
        var straightened = Checked(LeptonicaApi.pixFindSkewAndDeskew(pix, 0, out degrees, out _), "straighten the page");
        // Leptonica hands back a clone of the same image when it leaves it as it is.
        if (straightened.DangerousGetHandle() != pix.DangerousGetHandle())
            return straightened;
        straightened.Dispose();
        degrees = 0;
        return null;
    }

    /// <summary>What a document job builds its results from; the results must not have been cleared yet.</summary>
    private OcrPageOutputs PageOutputs(int page, PageGeometry geometry) => new(
        geometry.Width,
        geometry.Height,
        TesseractApi.TessBaseAPIGetSourceYResolution(_api),
        geometry.QuarterTurns * 90,
        geometry.DeskewDegrees,
        TesseractApi.TessBaseAPIGetHOCRText(_api, page).Take() ?? "",
        TesseractApi.TessBaseAPIGetAltoText(_api, page).Take() ?? "",
        TextLayerPdf());

    /// <summary>
    /// Tesseract's PDF renderer, text only, writes to a file: into a directory of its own that never
    /// outlives the call, readable by this user alone (the text is a user's).
    /// </summary>
    private byte[] TextLayerPdf()
    {
        var directory = Directory.CreateTempSubdirectory("akkaocr-text-layer-");
        try
        {
            var outputBase = Path.Combine(directory.FullName, "page");
            using (var renderer = TesseractApi.TessPDFRendererCreate(outputBase, _tessdataPath, textOnly: 1))
            {
                if (renderer.IsInvalid
                    || TesseractApi.TessResultRendererBeginDocument(renderer, "") == 0
                    || TesseractApi.TessResultRendererAddImage(renderer, _api) == 0
                    || TesseractApi.TessResultRendererEndDocument(renderer) == 0)
                    throw new OcrEngineException(OcrFailure.EngineFailure, "Tesseract could not render the text layer (is pdf.ttf in the tessdata folder?)");
            }
            return File.ReadAllBytes(outputBase + ".pdf");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private List<OcrWord> ReadWords(int pageNumber, PageGeometry geometry)
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
            if (!geometry.IsIdentity)
                (left, top, right, bottom) = geometry.ToSent(left, top, right, bottom);
            var confidence = TesseractApi.TessResultIteratorConfidence(iterator, TesseractApi.WordLevel);
            words.Add(new OcrWord(text, MathF.Round(confidence, 2), left, top, right - left, bottom - top, pageNumber));
        }
        while (TesseractApi.TessResultIteratorNext(iterator, TesseractApi.WordLevel) != 0);
        return words;
    }

    private static PixHandle Checked(PixHandle pix, string what)
    {
        if (!pix.IsInvalid)
            return pix;
        pix.Dispose();
        throw new OcrEngineException(OcrFailure.EngineFailure, $"Leptonica could not {what}");
    }

    private static void ThrowIfCancelled(CancellationToken cancellation)
    {
        if (cancellation.IsCancellationRequested)
            throw new OcrEngineException(OcrFailure.Cancelled, "the work was cancelled");
    }

    public void Dispose()
    {
        _orientation?.Dispose();
        foreach (var api in _loaded.Values)
            api.Dispose();
    }
}
