using AkkaOcr.Documents.Tools;

namespace AkkaOcr.Tests.Documents;

[CollectionDefinition(nameof(ToolLeftovers), DisableParallelization = true)]
public sealed class ToolLeftovers;

/// <summary>
/// Every tool works in a scratch folder of its own and deletes it, also when the tool fails or is killed.
/// Alone in its collection, so no other test's scratch folder is counted.
/// </summary>
[Collection(nameof(ToolLeftovers))]
public sealed class ToolLeftoversTests
{
    [Fact]
    public async Task Nothing_is_left_in_the_temporary_folder_after_success_failure_or_timeout()
    {
        var pdf = TestDocuments.TextPdf("Leave nothing behind.");
        var slow = TestDocuments.SlowPdf();
        var tiff = TestDocuments.ThreePageTiff();
        var truncated = TestDocuments.TruncatedPdf();
        var outside = Directory.CreateTempSubdirectory("akkaocr-test-");
        try
        {
            var pdfPath = Path.Combine(outside.FullName, "text.pdf");
            var slowPath = Path.Combine(outside.FullName, "slow.pdf");
            await File.WriteAllBytesAsync(pdfPath, pdf);
            await File.WriteAllBytesAsync(slowPath, slow);
            var before = ScratchFolders();

            await DocumentInspector.InspectAsync(pdf, 10, ToolLimits.Default, CancellationToken.None);
            await DocumentInspector.InspectAsync(tiff, 10, ToolLimits.Default, CancellationToken.None);
            await Assert.ThrowsAsync<DocumentRefusedException>(() => DocumentInspector.InspectAsync(truncated, 10, ToolLimits.Default, CancellationToken.None));
            await PdfConversion.ToPdfAsync(tiff, DocumentKind.Tiff, ToolLimits.Default, CancellationToken.None);
            await PageRasterizer.RasterizeAsync(pdfPath, 1, RasterOptions.Default, ToolLimits.Default, CancellationToken.None);
            await PdfPageText.ReadAsync(pdfPath, 1, 300, ToolLimits.Default, CancellationToken.None);
            await SearchablePdf.BuildAsync(pdfPath, [], Path.Combine(outside.FullName, "out.pdf"), ToolLimits.Default, CancellationToken.None);
            await Assert.ThrowsAsync<DocumentToolException>(() => PageRasterizer.RasterizeAsync(
                slowPath, 1, new RasterOptions(72, 1_000_000), ToolLimits.Default with { Timeout = TimeSpan.FromSeconds(1) }, CancellationToken.None));

            Assert.Equal(before, ScratchFolders());
        }
        finally
        {
            outside.Delete(recursive: true);
        }
    }

    private static string[] ScratchFolders() =>
        [.. Directory.EnumerateFileSystemEntries(Path.GetTempPath(), ScratchDirectory.Prefix + "*").Order()];
}
