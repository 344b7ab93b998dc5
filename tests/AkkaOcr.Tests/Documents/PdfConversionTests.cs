using System.Text;
using AkkaOcr.Documents.Tools;
using AkkaOcr.Tests.Ocr;

namespace AkkaOcr.Tests.Documents;

/// <summary>Every kind becomes a PDF of the same pages, the images inside kept as they were.</summary>
public sealed class PdfConversionTests : IDisposable
{
    private readonly ScratchDirectory scratch = new();

    public void Dispose() => scratch.Dispose();

    [Fact]
    public async Task A_pdf_comes_back_unchanged()
    {
        var pdf = TestDocuments.TextPdf("Already a PDF.");

        Assert.Equal(pdf, await PdfConversion.ToPdfAsync(pdf, DocumentKind.Pdf, ToolLimits.Default, CancellationToken.None));
    }

    [Fact]
    public async Task A_three_page_tiff_becomes_a_three_page_pdf_of_its_own_images()
    {
        var tiff = TestDocuments.ThreePageTiff();

        var pdf = await PdfConversion.ToPdfAsync(tiff, DocumentKind.Tiff, ToolLimits.Default, CancellationToken.None);

        var path = Save(pdf);
        Assert.Equal(3, TestDocuments.PageCount(path));
        var frames = Encoding.UTF8.GetString(TestDocuments.Run("identify", ["-format", "%wx%h\\n", SaveAs(tiff, "in.tif")]))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var images = Encoding.UTF8.GetString(TestDocuments.Run("pdfimages", ["-list", path])).Split('\n')
            .Select(row => row.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(cells => cells.Length > 4 && cells[2] == "image")
            .Select(cells => $"{cells[3]}x{cells[4]}")
            .ToArray();
        Assert.Equal(frames, images);
    }

    [Fact]
    public async Task A_jpeg_is_embedded_as_the_same_jpeg()
    {
        var jpeg = TestImages.Reencoded(TestImages.Line("A photo of a page"), "jpeg");

        var pdf = await PdfConversion.ToPdfAsync(jpeg, DocumentKind.Image, ToolLimits.Default, CancellationToken.None);

        Assert.Equal(1, TestDocuments.PageCount(Save(pdf)));
        Assert.True(pdf.AsSpan().IndexOf(jpeg) >= 0, "the JPEG's bytes are not in the PDF");
    }

    [Fact]
    public async Task An_animated_gif_becomes_one_page()
    {
        var pdf = await PdfConversion.ToPdfAsync(TestImages.AnimatedGif(), DocumentKind.Image, ToolLimits.Default, CancellationToken.None);

        Assert.Equal(1, TestDocuments.PageCount(Save(pdf)));
    }

    [Fact]
    public async Task An_image_that_cannot_be_decoded_is_Unreadable()
    {
        byte[] broken = [.. TestImages.Line("cut")[..40]];

        var refusal = await Assert.ThrowsAsync<DocumentRefusedException>(() =>
            PdfConversion.ToPdfAsync(broken, DocumentKind.Image, ToolLimits.Default, CancellationToken.None));

        Assert.Equal(DocumentRefusal.Unreadable, refusal.Reason);
    }

    private string Save(byte[] pdf) => SaveAs(pdf, "out.pdf");

    private string SaveAs(byte[] bytes, string name)
    {
        var path = scratch.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
