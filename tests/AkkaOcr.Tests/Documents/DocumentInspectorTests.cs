using System.Text;
using AkkaOcr.Documents.Tools;
using AkkaOcr.Tests.Ocr;

namespace AkkaOcr.Tests.Documents;

/// <summary>Kind from the first bytes, pages from the structure, and a clear refusal for every document that cannot be read.</summary>
public sealed class DocumentInspectorTests
{
    private const int MaxPages = 500;

    [Fact]
    public async Task A_text_pdf_is_a_pdf_with_its_pages_counted() =>
        Assert.Equal(new DocumentInspection(DocumentKind.Pdf, 2), await Inspect(TestDocuments.TextPdf("One.", "Two.")));

    [Fact]
    public async Task A_scanned_pdf_is_a_pdf_too() =>
        Assert.Equal(new DocumentInspection(DocumentKind.Pdf, 1), await Inspect(TestDocuments.ScannedPdf(150, "A scanned page.")));

    [Fact]
    public async Task A_tiff_has_a_page_per_image() =>
        Assert.Equal(new DocumentInspection(DocumentKind.Tiff, 3), await Inspect(TestDocuments.ThreePageTiff()));

    [Theory]
    [InlineData("png")]
    [InlineData("jpeg")]
    [InlineData("gif")]
    [InlineData("bmp")]
    [InlineData("webp")]
    public async Task An_image_is_one_page(string format)
    {
        var png = TestImages.Line("One page");

        Assert.Equal(new DocumentInspection(DocumentKind.Image, 1), await Inspect(format == "png" ? png : TestImages.Reencoded(png, format)));
    }

    [Fact]
    public async Task An_animated_gif_is_still_one_page() =>
        Assert.Equal(new DocumentInspection(DocumentKind.Image, 1), await Inspect(TestImages.AnimatedGif()));

    [Fact]
    public async Task A_pdf_that_needs_a_password_is_refused_as_Encrypted() =>
        await AssertRefused(DocumentRefusal.Encrypted, TestDocuments.EncryptedPdf());

    [Fact]
    public async Task A_truncated_pdf_is_Unreadable() =>
        await AssertRefused(DocumentRefusal.Unreadable, TestDocuments.TruncatedPdf());

    [Fact]
    public async Task Garbage_behind_a_pdf_header_is_Unreadable() =>
        await AssertRefused(DocumentRefusal.Unreadable, Encoding.ASCII.GetBytes("%PDF-1.7\nnothing of a PDF follows"));

    [Fact]
    public async Task Garbage_behind_a_tiff_header_is_Unreadable() =>
        await AssertRefused(DocumentRefusal.Unreadable, [.. "II*\0"u8, .. new byte[64]]);

    [Fact]
    public async Task A_pdf_without_pages_is_refused_as_NoPages() =>
        await AssertRefused(DocumentRefusal.NoPages, TestDocuments.ZeroPagePdf());

    [Fact]
    public async Task More_pages_than_allowed_are_refused_as_TooManyPages()
    {
        var refusal = await Assert.ThrowsAsync<DocumentRefusedException>(() =>
            DocumentInspector.InspectAsync(TestDocuments.TwelvePagePdf(), 10, ToolLimits.Default, CancellationToken.None));

        Assert.Equal(DocumentRefusal.TooManyPages, refusal.Reason);
        Assert.Contains("12", refusal.Detail);
    }

    [Fact]
    public async Task A_page_tree_that_claims_ten_thousand_pages_is_counted_by_the_pages_it_holds()
    {
        var claim = TestDocuments.PageCountClaimPdf(10_000);

        Assert.True(claim.Length < 1000);
        Assert.Equal(new DocumentInspection(DocumentKind.Pdf, 1), await Inspect(claim));
    }

    [Theory]
    [InlineData("just some text")]
    [InlineData("PK\u0003\u0004 a zip archive")]
    [InlineData("")]
    public async Task Anything_else_is_Unsupported(string content) =>
        await AssertRefused(DocumentRefusal.Unsupported, Encoding.ASCII.GetBytes(content));

    [Fact]
    public async Task A_count_that_runs_past_its_deadline_is_Unreadable()
    {
        var limits = ToolLimits.Default with { Timeout = TimeSpan.FromMilliseconds(1) };

        var refusal = await Assert.ThrowsAsync<DocumentRefusedException>(() =>
            DocumentInspector.InspectAsync(TestDocuments.ThreePageTiff(), MaxPages, limits, CancellationToken.None));

        Assert.Equal(DocumentRefusal.Unreadable, refusal.Reason);
        Assert.Equal(DocumentToolFailure.TimedOut, Assert.IsType<DocumentToolException>(refusal.InnerException).Failure);
    }

    private static Task<DocumentInspection> Inspect(byte[] document) =>
        DocumentInspector.InspectAsync(document, MaxPages, ToolLimits.Default, CancellationToken.None);

    private static async Task AssertRefused(DocumentRefusal reason, byte[] document)
    {
        var refusal = await Assert.ThrowsAsync<DocumentRefusedException>(() => Inspect(document));

        Assert.Equal(reason, refusal.Reason);
        Assert.False(string.IsNullOrWhiteSpace(refusal.Detail));
    }
}
