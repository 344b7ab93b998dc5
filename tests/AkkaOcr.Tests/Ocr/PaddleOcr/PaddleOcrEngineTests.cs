using System.Diagnostics;
using AkkaOcr.LoadDriver;
using AkkaOcr.Messages.Ocr;
using AkkaOcr.Ocr;
using AkkaOcr.Ocr.PaddleOcr;

namespace AkkaOcr.Tests.Ocr.PaddleOcr;

/// <summary>
/// The PP-OCR engine against its real models on images rendered for the test, next to Tesseract on the
/// same images: PP-OCRv4 is trained mostly on Chinese and photographed text, so on clean English print it
/// is expected to trail Tesseract, and these tests say by how much.
/// </summary>
public sealed class PaddleOcrEngineTests(ITestOutputHelper output) : IDisposable
{
    private static readonly OcrOptions Plain = new("eng", 3, IncludeWords: false, OcrOutputFormat.Text);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly PaddleOcrEngine _engine = PaddleOcrTestModels.CreateEngine();

    [Fact]
    public void Clean_english_lines_are_read_with_a_character_error_rate_under_one_percent()
    {
        var images = TestImages.Lines.Select(line => TestImages.Line(line)).ToList();
        var expected = string.Join("\n", TestImages.Lines);

        var (paddle, paddleRate) = ReadAll(_engine, images, Plain);
        using var tesseract = TesseractEngineTests.CreateEngine();
        var (reference, tesseractRate) = ReadAll(tesseract, images, Plain);

        var cer = CharacterErrorRate.Of(expected, string.Join("\n", paddle));
        var tesseractCer = CharacterErrorRate.Of(expected, string.Join("\n", reference));
        output.WriteLine($"CER on {images.Count} clean lines: PP-OCR {cer:P2}, Tesseract {tesseractCer:P2}");
        output.WriteLine($"line images/s on one thread: PP-OCR {paddleRate:0.0}, Tesseract {tesseractRate:0.0}");
        output.WriteLine($"PP-OCR read:\n{string.Join("\n", paddle)}");
        Assert.True(cer < 0.01, $"CER {cer:P2}; read:\n{string.Join("\n", paddle)}");
    }

    [Fact]
    public void A_page_of_english_is_read_with_a_character_error_rate_under_one_percent()
    {
        var text = TestImages.PageText();
        var image = TestImages.Page(text);

        var (paddle, paddleRate) = ReadAll(_engine, [image, image], Plain);
        using var tesseract = TesseractEngineTests.CreateEngine();
        var (reference, tesseractRate) = ReadAll(tesseract, [image, image], Plain);

        var cer = CharacterErrorRate.Of(text, paddle[0]);
        var tesseractCer = CharacterErrorRate.Of(text, reference[0]);
        output.WriteLine($"CER on an A4 page: PP-OCR {cer:P2}, Tesseract {tesseractCer:P2}");
        output.WriteLine($"page images/s on one thread: PP-OCR {paddleRate:0.00}, Tesseract {tesseractRate:0.00}");
        Assert.True(cer < 0.01, $"CER {cer:P2}; read:\n{string.Join("\n", paddle)}");
    }

    [Fact]
    public void A_chinese_line_is_read_exactly()
    {
        const string line = "我们在北京大学学习中文。";
        using var engine = PaddleOcrTestModels.CreateEngine("chi_sim");

        var page = engine.Recognize(TestImages.Line(line, font: "Noto-Sans-CJK-SC"), Plain with { Language = "chi_sim" }, Timeout);

        output.WriteLine($"read: {page.Text} (confidence {page.MeanConfidence})");
        Assert.Equal(line, page.Text);
        Assert.Equal("chi_sim", page.Language);
    }

    [Fact]
    public void A_line_upside_down_is_turned_over_and_read()
    {
        // No full stop at the end: the recognizer sometimes drops a line's last one, upright or not.
        const string line = "Upside down text is read the right way up";

        var page = _engine.Recognize(TestImages.Rotated(TestImages.Line(line), 180), Plain, Timeout);

        Assert.Equal(line, page.Text);
    }

    [Fact]
    public void Every_word_has_a_box_over_its_line_ordered_left_to_right()
    {
        string[] expected = ["Boxes", "around", "every", "word"];
        var image = TestImages.Line(string.Join(' ', expected));
        var ink = InkBounds(image);

        var page = _engine.Recognize(image, Plain with { IncludeWords = true }, Timeout);

        Assert.Equal(expected, page.Words.Select(word => word.Text));
        var slack = ink.Height / 2;
        Assert.All(page.Words, word =>
        {
            Assert.InRange(word.Confidence, 50, 100);
            Assert.True(word.Left >= ink.Left - slack && word.Left + word.Width <= ink.Right + slack, $"{word} lies outside {ink}");
            Assert.True(word.Top >= ink.Top - slack && word.Top + word.Height <= ink.Bottom + slack, $"{word} lies outside {ink}");
        });
        // Each word starts right of where the one before it started and (give or take a pixel of rounding) ended.
        for (var i = 1; i < page.Words.Count; i++)
            Assert.True(page.Words[i].Left >= page.Words[i - 1].Left + page.Words[i - 1].Width - 2,
                $"word {i} ({page.Words[i]}) overlaps word {i - 1} ({page.Words[i - 1]})");
        // Together the boxes cover most of the ink: the boxes sit on the words, not on one corner of the line.
        var covered = page.Words[^1].Left + page.Words[^1].Width - page.Words[0].Left;
        Assert.True(covered > 0.8 * (ink.Right - ink.Left), $"the boxes span {covered} of the line's {ink.Right - ink.Left} pixels");
    }

    [Fact]
    public void An_unreadable_image_is_refused_with_a_clear_sentence()
    {
        var error = Assert.Throws<OcrEngineException>(() => _engine.Recognize("not an image at all"u8, Plain, Timeout));

        Assert.Equal(OcrFailure.UnreadableImage, error.Reason);
        Assert.Equal("the image header cannot be read: the PP-OCR engine reads PNG, JPEG, WebP, GIF and BMP images", error.Message);
    }

    [Fact]
    public void A_truncated_image_is_refused_as_corrupt()
    {
        var image = TestImages.Line("Truncated");
        var error = Assert.Throws<OcrEngineException>(() => _engine.Recognize(image.AsSpan(0, 60), Plain, Timeout));

        Assert.Equal(OcrFailure.UnreadableImage, error.Reason);
    }

    [Fact]
    public void An_image_over_the_pixel_bound_is_refused_before_it_is_decoded()
    {
        var settings = PaddleOcrTestModels.Settings;
        settings.MaxPixels = 1_000_000;
        using var engine = PaddleOcrEngine.Create(settings, "eng");
        var image = TestImages.Blank(2000, 600);

        var error = Assert.Throws<OcrEngineException>(() => engine.Recognize(image, Plain, Timeout));

        Assert.Equal(OcrFailure.TooManyPixels, error.Reason);
        Assert.Equal("the image is 2000x600 pixels, more than the 1000000 allowed", error.Message);
    }

    [Fact]
    public void Tsv_has_a_row_for_every_word_with_the_words_box_and_text()
    {
        var image = TestImages.Line("Rows for every word");

        var page = _engine.Recognize(image, Plain with { IncludeWords = true, Format = OcrOutputFormat.Tsv }, Timeout);

        var wordRows = page.Rendered!.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(row => row.Split('\t')).Where(columns => columns[0] == "5").ToList();
        Assert.Equal(page.Words.Select(word => word.Text), wordRows.Select(columns => columns[11]));
        Assert.Equal(page.Words.Select(word => $"{word.Left} {word.Top} {word.Width} {word.Height}"), wordRows.Select(columns => string.Join(' ', columns[6..10])));
        Assert.All(page.Rendered.Split('\n', StringSplitOptions.RemoveEmptyEntries), row => Assert.Equal(12, row.Split('\t').Length));
    }

    [Fact]
    public void Hocr_has_a_page_a_line_and_a_span_for_every_word()
    {
        var image = TestImages.Line("Spans for <every> word");

        var page = _engine.Recognize(image, Plain with { IncludeWords = true, Format = OcrOutputFormat.Hocr }, Timeout);

        var hocr = page.Rendered!;
        Assert.Contains("class='ocr_page'", hocr);
        Assert.Single(hocr.Split("class='ocr_line'").Skip(1));
        Assert.Equal(page.Words.Count, hocr.Split("class='ocrx_word'").Length - 1);
        Assert.Contains("&lt;every&gt;", hocr);
        Assert.All(page.Words, word => Assert.Contains($"title='bbox {word.Left} {word.Top} {word.Left + word.Width} {word.Top + word.Height}; x_wconf ", hocr));
    }

    [Fact]
    public void Page_outputs_for_document_jobs_are_refused_by_name()
    {
        var error = Assert.Throws<OcrEngineException>(() =>
            _engine.Recognize(TestImages.Line("ALTO"), Plain with { PageOutputs = true }, Timeout));

        Assert.Equal("the PP-OCR engine makes no ALTO or searchable PDF pages for document jobs; those come from the tesseract engine", error.Message);
    }

    [Fact]
    public void A_cancelled_recognition_stops_with_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        var error = Assert.Throws<OcrEngineException>(() => _engine.Recognize(TestImages.Line("Stop"), Plain, Timeout, cancelled.Token));

        Assert.Equal(OcrFailure.Cancelled, error.Reason);
    }

    [Fact]
    public void A_deadline_that_passes_mid_page_stops_with_timed_out()
    {
        var page = TestImages.Page(TestImages.PageText());

        var error = Assert.Throws<OcrEngineException>(() => _engine.Recognize(page, Plain, TimeSpan.FromMilliseconds(50)));

        Assert.Equal(OcrFailure.TimedOut, error.Reason);
    }

    [Fact]
    public void A_blank_page_reads_as_no_text()
    {
        var page = _engine.Recognize(TestImages.Blank(), Plain with { IncludeWords = true }, Timeout);

        Assert.Equal("", page.Text);
        Assert.Empty(page.Words);
        Assert.Equal(0, page.MeanConfidence);
    }

    private static (List<string> Texts, double ImagesPerSecond) ReadAll(IOcrEngine engine, IReadOnlyList<byte[]> images, OcrOptions options)
    {
        // The first image warms the engine up; it is read, and timed, again with the rest.
        engine.Recognize(images[0], options, Timeout);
        var started = Stopwatch.GetTimestamp();
        var texts = images.Select(image => engine.Recognize(image, options, Timeout).Text).ToList();
        return (texts, images.Count / Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>The box around every pixel darker than mid-grey.</summary>
    private static (int Left, int Top, int Right, int Bottom, int Height) InkBounds(byte[] png)
    {
        using var bitmap = SkiaSharp.SKBitmap.Decode(png);
        int left = int.MaxValue, top = int.MaxValue, right = -1, bottom = -1;
        for (var y = 0; y < bitmap.Height; y++)
        for (var x = 0; x < bitmap.Width; x++)
        {
            var pixel = bitmap.GetPixel(x, y);
            if (pixel.Red + pixel.Green + pixel.Blue >= 3 * 128)
                continue;
            (left, top, right, bottom) = (Math.Min(left, x), Math.Min(top, y), Math.Max(right, x + 1), Math.Max(bottom, y + 1));
        }
        return (left, top, right, bottom, bottom - top);
    }

    public void Dispose() => _engine.Dispose();
}
