using System.Diagnostics;
using System.Xml.Linq;
using AkkaOcr.LoadDriver;
using AkkaOcr.Messages.Ocr;
using AkkaOcr.Ocr;
using AkkaOcr.Ocr.Tesseract;

namespace AkkaOcr.Tests.Ocr;

/// <summary>
/// What the engine does for the pages of document jobs, against real libtesseract: turning, straightening,
/// the page outputs, and cancellation.
/// </summary>
public sealed class TesseractPageTests(ITestOutputHelper output) : IDisposable
{
    private static readonly OcrOptions Plain = new("eng", 3, IncludeWords: false, OcrOutputFormat.Text);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>A few lines, enough for orientation detection to be sure and quick to read.</summary>
    private static readonly string ShortText = string.Join("\n\n", TestImages.Lines[..3]);

    private readonly TesseractEngine _engine = TesseractEngineTests.CreateEngine();

    [Fact]
    public void Page_outputs_carry_hocr_alto_and_a_text_layer_that_reads_as_the_text_and_has_the_page_size()
    {
        // TestImages.Page is the width of A4 at 150 ppi.
        const int resolution = 150;
        var image = TestImages.Page(TestImages.PageText(paragraphs: 2));

        var page = _engine.Recognize(image, Plain with { PageOutputs = true, Resolution = resolution }, Timeout);

        var outputs = Assert.IsType<OcrPageOutputs>(page.Outputs);
        output.WriteLine($"{outputs}, {page.ElapsedMs} ms; hOCR {outputs.Hocr.Length} chars, ALTO {outputs.Alto.Length}, PDF {outputs.TextLayerPdf.Length} bytes");
        Assert.Equal((resolution, 0, 0f), (outputs.Resolution, outputs.RotatedDegrees, outputs.DeskewDegrees));
        Assert.Equal(1240, outputs.Width); // 1120 wide plus a border of 60 on each side

        Assert.Contains("ocrx_word", outputs.Hocr);
        Assert.Contains(">committee<", outputs.Hocr);

        var alto = XElement.Parse(outputs.Alto);
        var altoWords = alto.Descendants().Where(element => element.Name.LocalName == "String")
            .Select(element => (string?)element.Attribute("CONTENT")).ToList();
        Assert.Contains("committee", altoWords);
        Assert.Equal(page.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length, altoWords.Count);

        var layerText = Poppler.Text(outputs.TextLayerPdf);
        var cer = CharacterErrorRate.Of(page.Text, layerText);
        output.WriteLine($"CER of the text layer against the page's text: {cer:P2}");
        Assert.True(cer < 0.02, $"CER {cer:P2}; the text layer reads:\n{layerText}");

        var (width, height) = Poppler.PageSize(outputs.TextLayerPdf);
        Assert.Equal(outputs.Width * 72.0 / resolution, width, 0.5);
        Assert.Equal(outputs.Height * 72.0 / resolution, height, 0.5);
    }

    [Theory]
    [InlineData(90)]
    [InlineData(180)]
    [InlineData(270)]
    public void A_turned_page_is_read_upright_with_auto_rotate(int degrees)
    {
        var turned = TestImages.Rotated(TestImages.Page(ShortText), degrees);

        var page = _engine.Recognize(turned, Plain with { AutoRotate = true, PageOutputs = true }, Timeout);

        var cer = CharacterErrorRate.Of(ShortText, page.Text);
        output.WriteLine($"turned {degrees} degrees clockwise: turned back {page.Outputs!.RotatedDegrees}, CER {cer:P2}, {page.ElapsedMs} ms");
        Assert.True(cer < 0.05, $"CER {cer:P2}; read:\n{page.Text}");
        Assert.Equal((360 - degrees) % 360, page.Outputs.RotatedDegrees);
    }

    [Fact]
    public void An_upright_page_stays_as_it_is_with_auto_rotate()
    {
        var page = _engine.Recognize(TestImages.Page(ShortText), Plain with { AutoRotate = true, PageOutputs = true }, Timeout);

        Assert.Equal(0, page.Outputs!.RotatedDegrees);
        Assert.True(CharacterErrorRate.Of(ShortText, page.Text) < 0.02, page.Text);
    }

    [Fact]
    public void Words_of_a_turned_page_have_their_boxes_on_the_image_as_sent()
    {
        var upright = TestImages.Page(ShortText);
        var uprightHeight = _engine.Recognize(upright, Plain with { PageOutputs = true }, Timeout).Outputs!.Height;
        var expected = _engine.Recognize(upright, Plain with { IncludeWords = true }, Timeout).Words;

        // Turned a quarter clockwise: a point (x, y) of the upright page lands at (height - y, x).
        var sent = _engine.Recognize(TestImages.Rotated(upright, 90), Plain with { IncludeWords = true, AutoRotate = true }, Timeout).Words;

        Assert.Equal(expected.Select(word => word.Text), sent.Select(word => word.Text));
        Assert.All(expected.Zip(sent), pair =>
        {
            var (word, turned) = pair;
            Assert.InRange(turned.Left, uprightHeight - (word.Top + word.Height) - 1, uprightHeight - (word.Top + word.Height) + 1);
            Assert.InRange(turned.Top, word.Left - 1, word.Left + 1);
            Assert.InRange(turned.Width, word.Height - 1, word.Height + 1);
            Assert.InRange(turned.Height, word.Width - 1, word.Width + 1);
        });
    }

    [Fact]
    public void A_page_scanned_at_a_slant_is_straightened_and_read_with_deskew()
    {
        var slanted = TestImages.Rotated(TestImages.Page(ShortText), 3);

        var page = _engine.Recognize(slanted, Plain with { Deskew = true, PageOutputs = true, IncludeWords = true }, Timeout);

        var cer = CharacterErrorRate.Of(ShortText, page.Text);
        output.WriteLine($"turned 3 degrees: straightened by {page.Outputs!.DeskewDegrees:0.00} degrees, CER {cer:P2}");
        Assert.True(cer < 0.03, $"CER {cer:P2}; read:\n{page.Text}");
        // ImageMagick turned it clockwise; straightening turns it back.
        Assert.InRange(page.Outputs.DeskewDegrees, -3.5f, -2.5f);
        var (width, height) = (page.Outputs.Width, page.Outputs.Height);
        Assert.All(page.Words, word => Assert.True(word is { Left: >= 0, Top: >= 0 } && word.Left + word.Width <= width && word.Top + word.Height <= height));
    }

    [Fact]
    public void Cancelling_stops_a_long_page_within_a_second_and_the_engine_reads_the_next_one()
    {
        var dense = TestImages.Page(TestImages.PageText(10), pointSize: 18);
        using var cancellation = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        cancellation.CancelAfter(TimeSpan.FromMilliseconds(500));

        var error = Assert.Throws<OcrEngineException>(() => _engine.Recognize(dense, Plain, Timeout, cancellation.Token));

        output.WriteLine($"cancelled after 500 ms, stopped after {clock.ElapsedMilliseconds} ms");
        Assert.Equal(OcrFailure.Cancelled, error.Reason);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(1500));
        Assert.Contains("quick brown", _engine.Recognize(TestImages.Line(TestImages.Lines[0]), Plain, Timeout).Text);
    }

    [Fact]
    public void Page_outputs_are_refused_for_an_image_of_several_pages()
    {
        var error = Assert.Throws<OcrEngineException>(() =>
            _engine.Recognize(TestImages.MultiPageTiff("one", "two"), Plain with { PageOutputs = true }, Timeout));
        Assert.Equal(OcrFailure.TooManyPages, error.Reason);
    }

    public void Dispose() => _engine.Dispose();
}
