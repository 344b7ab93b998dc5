using AkkaOcr.Documents.Tools;

namespace AkkaOcr.Tests.Documents;

public sealed class PdfTextPagesTests
{
    [Fact]
    public async Task The_pages_with_text_of_their_own_are_found_in_one_run_and_a_scan_has_none()
    {
        var folder = Directory.CreateTempSubdirectory("akkaocr-test-");
        try
        {
            var text = Path.Combine(folder.FullName, "text.pdf");
            var scan = Path.Combine(folder.FullName, "scan.pdf");
            var mixed = Path.Combine(folder.FullName, "mixed.pdf");
            await File.WriteAllBytesAsync(text, TestDocuments.TextPdf("Born digital.", "   ", "Third page."));
            await File.WriteAllBytesAsync(scan, TestDocuments.ScannedPdf(150, "Only pixels here."));
            TestDocuments.Run("qpdf", ["--empty", "--pages", scan, text, "--", mixed]);

            Assert.Equal([1, 3], (await PdfTextPages.FindAsync(text, ToolLimits.Default, CancellationToken.None)).Order());
            Assert.Empty(await PdfTextPages.FindAsync(scan, ToolLimits.Default, CancellationToken.None));
            Assert.Equal([2, 4], (await PdfTextPages.FindAsync(mixed, ToolLimits.Default, CancellationToken.None)).Order());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
