using AkkaOcr.Documents.Tools;
using AkkaOcr.LoadDriver;
using AkkaOcr.Tests.Ocr;

namespace AkkaOcr.Tests.Documents;

/// <summary>
/// The searchable PDF is the original pages, looking exactly as before, with Tesseract's invisible text
/// grafted under the pages that were read.
/// </summary>
public sealed class SearchablePdfTests : IDisposable
{
    private static readonly string[] Pages =
    [
        string.Join(' ', TestImages.Lines[..3]),
        string.Join(' ', TestImages.Lines[3..]),
    ];

    private readonly ScratchDirectory scratch = new();

    public void Dispose() => scratch.Dispose();

    [Fact]
    public async Task A_scan_with_its_text_layers_reads_as_text_and_looks_as_before()
    {
        var original = Save(TestDocuments.ScannedPdf(300, Pages), "scan.pdf");
        var output = scratch.File("searchable.pdf");

        await SearchablePdf.BuildAsync(original, [await Layer(original, 1), await Layer(original, 2)], output, ToolLimits.Default, CancellationToken.None);

        Assert.Equal(2, TestDocuments.PageCount(output));
        var cer = CharacterErrorRate.Of(string.Join(' ', Pages), TestDocuments.TextOf(output));
        Assert.True(cer < 0.02, $"CER {cer:P1}");
        for (var page = 1; page <= 2; page++)
            Assert.Equal(TestDocuments.GrayPixels(original, page, 100), TestDocuments.GrayPixels(output, page, 100));
    }

    [Fact]
    public async Task A_page_without_a_layer_stays_as_it_was()
    {
        var original = Save(TestDocuments.ScannedPdf(300, Pages), "scan.pdf");
        var output = scratch.File("searchable.pdf");

        await SearchablePdf.BuildAsync(original, [await Layer(original, 2)], output, ToolLimits.Default, CancellationToken.None);

        Assert.Equal(2, TestDocuments.PageCount(output));
        Assert.DoesNotContain(TestDocuments.TextOf(output, 1), char.IsLetterOrDigit);
        Assert.True(CharacterErrorRate.Of(Pages[1], TestDocuments.TextOf(output, 2)) < 0.02);
        Assert.Equal(TestDocuments.GrayPixels(original, 1, 100), TestDocuments.GrayPixels(output, 1, 100));
    }

    [Fact]
    public async Task Without_layers_the_output_is_the_original()
    {
        var pdf = TestDocuments.TextPdf("Nothing to add.");
        var output = scratch.File("searchable.pdf");

        await SearchablePdf.BuildAsync(Save(pdf, "text.pdf"), [], output, ToolLimits.Default, CancellationToken.None);

        Assert.Equal(pdf, File.ReadAllBytes(output));
    }

    [Fact]
    public async Task A_broken_layer_fails_the_build_and_leaves_no_output()
    {
        var original = Save(TestDocuments.TextPdf("A page."), "text.pdf");
        var output = scratch.File("searchable.pdf");

        await Assert.ThrowsAsync<DocumentToolException>(() => SearchablePdf.BuildAsync(
            original, [new PageTextLayer(1, "%PDF-1.4 not really"u8.ToArray())], output, ToolLimits.Default, CancellationToken.None));

        Assert.False(File.Exists(output));
    }

    /// <summary>The page rasterized as the pipeline does, read by the Tesseract CLI into a text-only PDF at the resolution used.</summary>
    private static async Task<PageTextLayer> Layer(string pdfPath, int pageNumber)
    {
        var page = await PageRasterizer.RasterizeAsync(pdfPath, pageNumber, RasterOptions.Default, ToolLimits.Default, CancellationToken.None);
        return new PageTextLayer(pageNumber, TestDocuments.TextOnlyLayer(page.Image, page.Dpi));
    }

    private string Save(byte[] pdf, string name)
    {
        var path = scratch.File(name);
        File.WriteAllBytes(path, pdf);
        return path;
    }
}
