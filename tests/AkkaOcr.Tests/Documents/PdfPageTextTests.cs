using AkkaOcr.Documents.Tools;

namespace AkkaOcr.Tests.Documents;

/// <summary>A page's own text comes back word by word, boxed in pixels of the page at the given resolution.</summary>
public sealed class PdfPageTextTests : IDisposable
{
    private readonly ScratchDirectory scratch = new();

    public void Dispose() => scratch.Dispose();

    [Fact]
    public async Task The_words_of_a_text_page_come_back_with_their_lines_and_boxes_in_pixels()
    {
        var path = Save(TestDocuments.TextPdf("Hello world from a text PDF.\nSecond line 12345."));

        var text = await PdfPageText.ReadAsync(path, 1, 144, ToolLimits.Default, CancellationToken.None);

        Assert.True(text.HasText);
        Assert.Equal("Hello world from a text PDF.\nSecond line 12345.", text.Text);
        Assert.Equal((800, 600), (text.Width, text.Height));
        Assert.Equal(["Hello", "world", "from", "a", "text", "PDF.", "Second", "line", "12345."], text.Words.Select(word => word.Text));
        Assert.All(text.Words, word => Assert.Equal((100f, 1), (word.Confidence, word.Page)));
        // The first line's baseline is 40 pt (80 px) from the top, its left edge 1 inch (144 px) in; 14 pt letters.
        var hello = text.Words[0];
        Assert.InRange(hello.Left, 142, 146);
        Assert.InRange(hello.Top, 50, 70);
        Assert.InRange(hello.Top + hello.Height, 75, 90);
        Assert.InRange(hello.Width, 50, 80);
        var second = text.Words[6];
        Assert.InRange(second.Top - hello.Top, 38, 42);
    }

    [Fact]
    public async Task Another_page_gives_its_own_words_with_its_page_number()
    {
        var path = Save(TestDocuments.TextPdf("First page.", "Second page."));

        var text = await PdfPageText.ReadAsync(path, 2, 72, ToolLimits.Default, CancellationToken.None);

        Assert.Equal("Second page.", text.Text);
        Assert.All(text.Words, word => Assert.Equal(2, word.Page));
    }

    [Fact]
    public async Task A_scanned_page_has_no_text()
    {
        var path = Save(TestDocuments.ScannedPdf(150, "Only pixels here."));

        var text = await PdfPageText.ReadAsync(path, 1, 150, ToolLimits.Default, CancellationToken.None);

        Assert.False(text.HasText);
        Assert.Empty(text.Words);
        Assert.Equal("", text.Text);
    }

    [Fact]
    public void Marks_without_a_letter_or_digit_are_not_text() =>
        Assert.False(new PageText(". -", [new(".", 100, 0, 0, 1, 1), new("-", 100, 2, 0, 1, 1)], 10, 10).HasText);

    private string Save(byte[] pdf)
    {
        var path = scratch.File($"{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, pdf);
        return path;
    }
}
