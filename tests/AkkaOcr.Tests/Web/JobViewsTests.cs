using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using AkkaOcr.LoadDriver;
using AkkaOcr.Tests.Documents;
using AkkaOcr.Tests.Ocr;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AkkaOcr.Tests.Web;

/// <summary>
/// The web app's document job views in a real browser against the real gateway and cluster: a PDF read as
/// a job from upload to download, the job list, cancelling, and a refused document's sentence.
/// </summary>
public sealed class JobViewsTests(WebAppHost host) : IClassFixture<WebAppHost>
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(2);

    private static readonly string[] ThreePages =
    [
        "The first page of the quarterly report names the people who wrote it.",
        "The second page lists what was spent, and on what, month by month.",
        "The third page says what comes next and who decides it.",
    ];

    [Fact]
    public Task A_pdf_becomes_a_job_whose_page_shows_progress_to_the_end_each_pages_text_and_boxes_and_downloads_the_pdf() => InBrowserAsync(async (session, page) =>
    {
        await host.LogInAsync(page);
        var jsonResult = page.WaitForResponseAsync(response => response.Url.Contains("/result?format=json", StringComparison.Ordinal),
            new() { Timeout = (float)JobTimeout.TotalMilliseconds });
        await UploadAsync(page, new FilePayload { Name = "report.pdf", MimeType = "application/pdf", Buffer = TestDocuments.ScannedPdf(300, ThreePages) });

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Document job" })).ToBeVisibleAsync();
        var jobId = Regex.Match(page.Url, "#job/(.+)$").Groups[1].Value;
        Assert.True(Guid.TryParse(jobId, out _), page.Url);
        await Expect(page.Locator("#job-progress")).ToHaveJSPropertyAsync("value", 100, new() { Timeout = (float)JobTimeout.TotalMilliseconds });
        await Expect(page.Locator("#job-status")).ToHaveTextAsync("Succeeded: 3 of 3 pages read (100 %)");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel job" })).ToBeHiddenAsync();

        var pages = (await (await jsonResult).JsonAsync())!.Value.GetProperty("pages").EnumerateArray().ToList();
        Assert.Equal(3, pages.Count);
        await Expect(page.Locator("#job-page option")).ToHaveCountAsync(3);
        for (var number = 3; number >= 1; number--)
        {
            await page.GetByLabel("Page", new() { Exact = true }).SelectOptionAsync(number.ToString());
            var text = await page.Locator("#job-text").InputValueAsync();
            Assert.True(CharacterErrorRate.Of(ThreePages[number - 1], text) < 0.05, $"page {number}: '{text.Trim()}'");
            var words = pages[number - 1].GetProperty("words").EnumerateArray().ToList();
            await Expect(page.Locator("#job-boxes rect")).ToHaveCountAsync(words.Count);
            await Expect(page.Locator("#job-image")).ToHaveAttributeAsync("alt", $"Page {number} of the document");
            await AssertBoxesLieOverTheirWordsAsync(page, pages[number - 1], words);
        }
        await page.Locator("#job-boxes .word").First.FocusAsync();
        await Expect(page.Locator("#job-word-detail")).ToHaveTextAsync(new Regex("^“.+”, \\d+ % confidence$"));

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Searchable PDF" }).ClickAsync());
        Assert.EndsWith(".pdf", download.SuggestedFilename);
        var pdf = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.True(pdf.AsSpan().StartsWith("%PDF"u8), "the download is not a PDF");
        await Expect(page.Locator("#job-download-status")).ToHaveTextAsync("The Searchable PDF is downloaded.");
        await session.ScreenshotAsync("job-page");

        // Nothing is wider than a small phone's screen.
        await page.SetViewportSizeAsync(375, 800);
        await AssertNoHorizontalScrollAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Your jobs", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your jobs" })).ToBeFocusedAsync();
        var listed = page.Locator($"#jobs-list li[data-job-id='{jobId}']");
        await Expect(listed).ToContainTextAsync("Succeeded: 3 of 3 pages read (100 %)");
        await AssertNoHorizontalScrollAsync(page);

        await listed.GetByRole(AriaRole.Link).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete job" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Keep it" })).ToBeFocusedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete for good" }).ClickAsync();
        await Expect(page.Locator("#notice")).ToHaveTextAsync("The job, its document and its results are deleted.");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your jobs" })).ToBeVisibleAsync();
        await Expect(listed).ToHaveCountAsync(0);

        session.AssertEveryRequestStayedOnTheOrigin();
        Assert.Empty(session.ConsoleErrors);
    });

    [Fact]
    public Task A_long_job_is_cancelled_from_its_page() => InBrowserAsync(async (_, page) =>
    {
        await host.LogInAsync(page);
        var twenty = Enumerable.Range(1, 20).Select(n => $"Page {n}: {TestImages.Lines[n % TestImages.Lines.Length]}").ToArray();
        await UploadAsync(page, new FilePayload { Name = "long.pdf", MimeType = "application/pdf", Buffer = TestDocuments.ScannedPdf(300, twenty) });

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Document job" })).ToBeVisibleAsync();
        await Expect(page.Locator("#job-status")).ToHaveTextAsync(new Regex("^(Queued|Running): \\d+ of 20 pages read"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel job" }).ClickAsync();

        await Expect(page.Locator("#job-status")).ToHaveTextAsync(new Regex("^Cancelled: \\d+ of 20 pages read"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel job" })).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Delete job" })).ToBeVisibleAsync();
        await Expect(page.Locator("#job-result")).ToBeHiddenAsync();

        var jobId = Regex.Match(page.Url, "#job/(.+)$").Groups[1].Value;
        await page.GetByRole(AriaRole.Link, new() { Name = "Your jobs", Exact = true }).ClickAsync();
        await Expect(page.Locator($"#jobs-list li[data-job-id='{jobId}']")).ToContainTextAsync("Cancelled");
    });

    [Fact]
    public Task An_encrypted_pdf_shows_the_apis_sentence_in_place() => InBrowserAsync(async (session, page) =>
    {
        await host.LogInAsync(page);
        await page.Locator("#ocr-file").SetInputFilesAsync(new FilePayload { Name = "secret.pdf", MimeType = "application/pdf", Buffer = TestDocuments.EncryptedPdf() });
        var answer = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Read text" }).ClickAsync(),
            response => response.Url.Contains("/ocr/jobs?", StringComparison.Ordinal));
        Assert.Equal(422, answer.Status);
        var detail = (await answer.JsonAsync())!.Value.GetProperty("detail").GetString()!;
        Assert.NotEmpty(detail);

        await Expect(page.Locator("#ocr-form .form-error")).ToHaveTextAsync(detail);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Read the text of an image or a document" })).ToBeVisibleAsync();
        // The browser logs the refused upload's 422 itself; nothing else may fail.
        Assert.All(session.ConsoleErrors, message => Assert.Contains("422", message));
    });

    private async Task InBrowserAsync(Func<BrowserSession, IPage, Task> test, [CallerMemberName] string testName = "")
    {
        await using var session = await BrowserSession.OpenAsync(host);
        await session.RunAsync(testName, page => test(session, page));
    }

    private static async Task UploadAsync(IPage page, FilePayload file)
    {
        await page.Locator("#ocr-file").SetInputFilesAsync(file);
        await page.GetByRole(AriaRole.Button, new() { Name = "Read text" }).ClickAsync();
    }

    private static async Task AssertNoHorizontalScrollAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"),
            $"the page scrolls sideways at {page.ViewportSize?.Width} px");

    /// <summary>
    /// The image is smaller than the pixels OCR read (100 dpi against the scan's 300); each drawn box lies
    /// where its word is, scaled by the shown image's width over the page's. Centres are compared, since a
    /// box's drawn extent includes its outline.
    /// </summary>
    private static async Task AssertBoxesLieOverTheirWordsAsync(IPage page, JsonElement resultPage, IReadOnlyList<JsonElement> words)
    {
        var image = (await page.Locator("#job-image").BoundingBoxAsync())!;
        var scale = image.Width / resultPage.GetProperty("width").GetInt32();
        Assert.Equal(resultPage.GetProperty("height").GetInt32() * scale, image.Height, 2.0);
        var boxes = page.Locator("#job-boxes rect");
        foreach (var i in new[] { 0, words.Count / 2, words.Count - 1 })
        {
            var drawn = (await boxes.Nth(i).BoundingBoxAsync())!;
            var word = words[i];
            Assert.Equal(image.X + (word.GetProperty("left").GetInt32() + word.GetProperty("width").GetInt32() / 2f) * scale, drawn.X + drawn.Width / 2, 1.5);
            Assert.Equal(image.Y + (word.GetProperty("top").GetInt32() + word.GetProperty("height").GetInt32() / 2f) * scale, drawn.Y + drawn.Height / 2, 1.5);
        }
    }
}
