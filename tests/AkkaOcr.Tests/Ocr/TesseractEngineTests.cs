using AkkaOcr.LoadDriver;
using AkkaOcr.Messages.Ocr;
using AkkaOcr.Ocr;
using AkkaOcr.Ocr.Tesseract;

namespace AkkaOcr.Tests.Ocr;

/// <summary>The engine against real libtesseract on images rendered for the test.</summary>
public sealed class TesseractEngineTests(ITestOutputHelper output) : IDisposable
{
    private static readonly OcrWorkerSettings Settings = new();
    private static readonly OcrOptions Plain = new("eng", 3, IncludeWords: false, OcrOutputFormat.Text);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly TesseractEngine _engine = CreateEngine();

    internal static TesseractEngine CreateEngine()
    {
        TesseractRuntime.EnsureAvailable(Settings);
        return TesseractEngine.Create(Settings.TessdataPath, "eng", Settings.MaxPixels, Settings.MaxSyncPages);
    }

    [Fact]
    public void Clean_text_lines_are_read_with_a_character_error_rate_under_two_percent()
    {
        var expected = string.Join("\n", TestImages.Lines);
        var actual = string.Join("\n", TestImages.Lines.Select(line => _engine.Recognize(TestImages.Line(line), Plain, Timeout).Text));

        var cer = CharacterErrorRate.Of(expected, actual);
        output.WriteLine($"CER on {TestImages.Lines.Length} clean lines: {cer:P2}");
        Assert.True(cer < 0.02, $"CER {cer:P2}; read:\n{actual}");
    }

    [Fact]
    public void A_small_font_is_still_read()
    {
        var line = TestImages.Lines[1];
        var actual = _engine.Recognize(TestImages.Line(line, pointSize: 12), Plain, Timeout).Text;

        var cer = CharacterErrorRate.Of(line, actual);
        output.WriteLine($"CER at 12 px: {cer:P2}");
        Assert.True(cer < 0.05, $"CER {cer:P2}; read: {actual}");
    }

    [Fact]
    public void A_page_of_text_is_read()
    {
        var text = TestImages.PageText();
        var page = _engine.Recognize(TestImages.Page(text), Plain, Timeout);

        var cer = CharacterErrorRate.Of(text, page.Text);
        output.WriteLine($"CER on an A4 page: {cer:P2}, mean confidence {page.MeanConfidence}, {page.ElapsedMs} ms");
        Assert.True(cer < 0.03, $"CER {cer:P2}; read:\n{page.Text}");
        Assert.True(page.MeanConfidence > 80);
    }

    [Fact]
    public void A_page_rotated_by_90_degrees_is_read_with_automatic_page_segmentation()
    {
        var text = TestImages.PageText(paragraphs: 3);
        var rotated = TestImages.Rotated(TestImages.Page(text), 90);

        var page = _engine.Recognize(rotated, Plain with { PageSegmentationMode = 1 }, Timeout);

        var cer = CharacterErrorRate.Of(text, page.Text);
        output.WriteLine($"CER on a page rotated by 90 degrees (psm 1): {cer:P2}");
        Assert.True(cer < 0.05, $"CER {cer:P2}; read:\n{page.Text}");
    }

    [Fact]
    public void Words_come_with_boxes_inside_the_image_and_confidences()
    {
        var image = TestImages.Line("Boxes around every word");
        var page = _engine.Recognize(image, Plain with { IncludeWords = true }, Timeout);

        Assert.Equal(["Boxes", "around", "every", "word"], page.Words.Select(word => word.Text));
        Assert.All(page.Words, word =>
        {
            Assert.InRange(word.Confidence, 50, 100);
            Assert.True(word is { Left: >= 0, Top: >= 0, Width: > 0, Height: > 0 });
        });
        Assert.True(page.Words.Zip(page.Words.Skip(1)).All(pair => pair.Item1.Left + pair.Item1.Width <= pair.Item2.Left),
            "words are in reading order, left to right");
    }

    [Theory]
    [InlineData(OcrOutputFormat.Hocr, "ocrx_word")]
    [InlineData(OcrOutputFormat.Tsv, "\tHello")]
    public void Hocr_and_tsv_are_tesseracts_own(OcrOutputFormat format, string marker)
    {
        var page = _engine.Recognize(TestImages.Line("Hello there"), Plain with { Format = format }, Timeout);

        Assert.NotNull(page.Rendered);
        Assert.Contains(marker, page.Rendered);
    }

    [Theory]
    [InlineData("jpeg")]
    [InlineData("tiff")]
    [InlineData("bmp")]
    [InlineData("gif")]
    [InlineData("webp")]
    [InlineData("pnm")]
    public void Every_accepted_format_decodes(string format)
    {
        var image = TestImages.Reencoded(TestImages.Line("Format check"), format);
        Assert.Contains("Format check", _engine.Recognize(image, Plain, Timeout).Text);
    }

    [Fact]
    public void A_truncated_image_is_unreadable_and_the_engine_goes_on()
    {
        var image = TestImages.Line(TestImages.Lines[0]);

        var error = Assert.Throws<OcrEngineException>(() => _engine.Recognize(image.AsSpan(0, image.Length / 2), Plain, Timeout));
        Assert.Equal(OcrFailure.UnreadableImage, error.Reason);
        Assert.Contains("quick brown", _engine.Recognize(image, Plain, Timeout).Text);
    }

    [Fact]
    public void An_image_longer_than_tesseract_reads_on_one_side_is_too_large_not_an_engine_failure()
    {
        // 40000×8 is few pixels, but past the 32767 Tesseract's layout can address: it would fail the engine.
        // Built by hand: ImageMagick's own policy refuses a side this long. Its rows are exactly what the header states.
        var strip = HostileImages.PngWithHugeIdat(40_000, 8, inflatedBytes: (40_000 + 1) * 8);

        var error = Assert.Throws<OcrEngineException>(() => _engine.Recognize(strip, Plain, Timeout));
        Assert.Equal(OcrFailure.TooManyPixels, error.Reason);
        Assert.Contains("40000x8", error.Message);
        Assert.Contains("quick brown", _engine.Recognize(TestImages.Line(TestImages.Lines[0]), Plain, Timeout).Text);
    }

    [Fact]
    public void A_deadline_cancels_a_page_and_the_engine_serves_the_next_one()
    {
        var page = TestImages.Page(TestImages.PageText());

        var error = Assert.Throws<OcrEngineException>(() => _engine.Recognize(page, Plain, TimeSpan.FromMilliseconds(50)));
        Assert.Equal(OcrFailure.TimedOut, error.Reason);
        Assert.Contains("quick brown", _engine.Recognize(TestImages.Line(TestImages.Lines[0]), Plain, Timeout).Text);
    }

    [Fact]
    public void An_unknown_language_is_refused_when_the_engine_is_created()
    {
        var error = Assert.Throws<OcrEngineException>(() => TesseractEngine.Create(Settings.TessdataPath, "xyz", Settings.MaxPixels, Settings.MaxSyncPages));
        Assert.Equal(OcrFailure.UnknownLanguage, error.Reason);
    }

    public void Dispose() => _engine.Dispose();
}
