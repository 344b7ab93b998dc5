using AkkaOcr.Messages.Ocr;
using SkiaSharp;

namespace AkkaOcr.Ocr.PaddleOcr;

/// <summary>
/// PaddleOCR's PP-OCRv4 pipeline on ONNX Runtime: DBNet finds the text lines, each line is cut out upright
/// and read by the CTC recognizer, which knows Chinese and English in one model, and turned over where the
/// angle classifier and the recognizer agree it was upside down. The three models are loaded once per
/// engine and reused; like Tesseract's, an engine serves one thread at a time, so each worker owns one.
/// </summary>
public sealed class PaddleOcrEngine : IOcrEngine
{
    /// <summary>
    /// Lines read with less confidence than this are dropped, as PaddleOCR's <c>drop_score</c> does: a region
    /// DBNet took for text that is not (a rule, a speck) decodes to a few unlikely characters.
    /// </summary>
    private const float DropConfidence = 0.5f;

    /// <summary>
    /// A crop this much taller than wide holds text running top to bottom (a column of Chinese, or a line
    /// turned a quarter): it is read a quarter turn further, as PaddleOCR does.
    /// </summary>
    private const float VerticalAspect = 1.5f;

    private readonly PaddleOcrModels _models;
    private readonly TextDetector _detector;
    private readonly AngleClassifier _classifier;
    private readonly TextRecognizer _recognizer;
    private readonly long _maxPixels;

    private PaddleOcrEngine(PaddleOcrModels models, string language, long maxPixels)
    {
        _models = models;
        _detector = new TextDetector(models.Detection);
        _classifier = new AngleClassifier(models.Classification);
        _recognizer = new TextRecognizer(models.Recognition, models.Decoder);
        _maxPixels = maxPixels;
        Language = language;
    }

    public string Language { get; }

    /// <summary>Loads the models of <see cref="OcrWorkerSettings.ModelsPath"/> for <see cref="OcrWorkerSettings.Device"/>.</summary>
    /// <exception cref="OcrEngineException">A model or the dictionary cannot be loaded, or the device cannot be used.</exception>
    public static PaddleOcrEngine Create(OcrWorkerSettings settings, string language)
    {
        if (!PaddleOcrRuntime.Reads(language))
            throw new OcrEngineException(OcrFailure.UnknownLanguage,
                $"the PP-OCR engine reads {string.Join(", ", PaddleOcrRuntime.Languages)}, not '{language}'");
        return new PaddleOcrEngine(PaddleOcrModels.Load(settings.ModelsPath, settings.Device), language, settings.MaxPixels);
    }

    /// <summary>One model reads every language this engine offers: a request in another of them needs no new engine.</summary>
    public bool Reads(string language) => PaddleOcrRuntime.Reads(language);

    public OcrPage Recognize(ReadOnlySpan<byte> image, OcrOptions options, TimeSpan timeout, CancellationToken cancellation = default)
    {
        ObjectDisposedException.ThrowIf(_models.IsDisposed, this);
        if (!Reads(options.Language))
            throw new ArgumentException($"this engine reads {string.Join(", ", PaddleOcrRuntime.Languages)}, not '{options.Language}'", nameof(options));
        if (options.PageOutputs)
            throw new OcrEngineException(OcrFailure.UnreadableImage,
                "the PP-OCR engine makes no ALTO or searchable PDF pages for document jobs; those come from the tesseract engine");

        using var deadline = new StageDeadline(timeout, cancellation);
        deadline.ThrowIfPassed("before the image was decoded");
        using var page = SkiaImage.Decode(image, _maxPixels);
        var regions = _detector.Detect(page, deadline);
        var crops = new List<SKBitmap>(regions.Count);
        try
        {
            for (var i = 0; i < regions.Count; i++)
            {
                if (regions[i].Height >= regions[i].Width * VerticalAspect)
                    regions[i] = regions[i].QuarterTurned();
                crops.Add(LineCrop.Cut(page, regions[i]));
            }
            deadline.ThrowIfPassed("after detecting text");
            var lines = _recognizer.Recognize(crops, deadline);
            ReadTurnedWhereBetter(page, regions, crops, lines, deadline);
            return Assemble(regions, lines, options, deadline, page.Width, page.Height);
        }
        finally
        {
            foreach (var crop in crops)
                crop.Dispose();
        }
    }

    /// <summary>
    /// Reads again, upside down, the lines the angle classifier takes for upside down, and keeps whichever
    /// reading the recognizer is surer of. The classifier sees a line squeezed into 192 × 48 pixels, so on a
    /// long line its verdict is a hint: trusted alone it turns upright lines of a clean page over.
    /// </summary>
    private void ReadTurnedWhereBetter(SKBitmap page, List<TextQuad> regions, List<SKBitmap> crops, RecognizedLine[] lines, StageDeadline deadline)
    {
        var upsideDown = _classifier.UpsideDown(crops, deadline);
        var candidates = Enumerable.Range(0, crops.Count).Where(i => upsideDown[i]).ToList();
        if (candidates.Count == 0)
            return;
        var turned = new List<SKBitmap>(candidates.Count);
        try
        {
            foreach (var i in candidates)
                turned.Add(LineCrop.Cut(page, regions[i].HalfTurned()));
            var turnedLines = _recognizer.Recognize(turned, deadline);
            for (var c = 0; c < candidates.Count; c++)
            {
                var i = candidates[c];
                if (turnedLines[c].Confidence <= lines[i].Confidence)
                    continue;
                lines[i] = turnedLines[c];
                regions[i] = regions[i].HalfTurned();
            }
        }
        finally
        {
            foreach (var crop in turned)
                crop.Dispose();
        }
    }

    private static OcrPage Assemble(List<TextQuad> regions, RecognizedLine[] lines, OcrOptions options, StageDeadline deadline, int width, int height)
    {
        var kept = Enumerable.Range(0, regions.Count)
            .Where(i => lines[i].Confidence >= DropConfidence && !string.IsNullOrWhiteSpace(lines[i].Text))
            .ToList();
        var keptRegions = kept.Select(i => regions[i]).ToList();
        var read = new List<ReadLine>(kept.Count);
        var text = new List<string>();
        foreach (var row in ReadingOrder.Rows(keptRegions))
        {
            var rowLines = row.Select(r => new ReadLine(
                lines[kept[r]].Text.Trim(), keptRegions[r].SpanBox(0, 1), LineWords.Of(lines[kept[r]], keptRegions[r]).ToList()))
                .ToList();
            read.AddRange(rowLines);
            text.Add(string.Join(' ', rowLines.Select(line => line.Text)));
        }

        var characters = kept.Sum(i => lines[i].Characters.Count);
        var confidence = characters == 0 ? 0 : kept.Sum(i => lines[i].Confidence * lines[i].Characters.Count) / characters * 100;
        return new OcrPage(
            string.Join('\n', text),
            MathF.Round(confidence, 2),
            options.Language,
            (long)deadline.Elapsed.TotalMilliseconds,
            options.IncludeWords ? read.SelectMany(line => line.Words).ToList() : [],
            options.Format switch
            {
                OcrOutputFormat.Hocr => PageRenderings.Hocr(read, width, height),
                OcrOutputFormat.Tsv => PageRenderings.Tsv(read, width, height),
                _ => null,
            });
    }

    public void Dispose() => _models.Dispose();
}
