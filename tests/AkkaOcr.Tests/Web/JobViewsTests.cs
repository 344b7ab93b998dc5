using System.Collections.Concurrent;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using AkkaOcr.LoadDriver;
using AkkaOcr.Tests.Documents;
using AkkaOcr.Tests.Infrastructure;
using AkkaOcr.Tests.Jobs;
using AkkaOcr.Tests.Ocr;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AkkaOcr.Tests.Web;

/// <summary>
/// The web app's document job views in a real browser against the real gateway and cluster: a PDF read as
/// a job from upload to download, its pages' thumbnails, the job list and its paging, cancelling (also too
/// late), a dropped event stream, and the sentence of every refusal a job route gives.
/// </summary>
public sealed class JobViewsTests(WebAppHost host, ITestOutputHelper output) : IClassFixture<WebAppHost>
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
        await Expect(page.Locator("#job-thumbnails button")).ToHaveCountAsync(3);
        for (var number = 1; number <= 3; number++)
            await Expect(PageThumbnail(page, number).Locator("img")).ToHaveAttributeAsync("src", new Regex("^blob:"));
        await Expect(PageThumbnail(page, 1)).ToHaveAttributeAsync("aria-current", "true");
        for (var number = 3; number >= 1; number--)
        {
            await PageThumbnail(page, number).ClickAsync();
            await Expect(PageThumbnail(page, number)).ToHaveAttributeAsync("aria-current", "true");
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
        Assert.All(session.ConsoleErrors, message => Assert.Contains("status of 422", message));
    });

    [Fact]
    public Task A_long_jobs_thumbnails_load_lazily_a_few_at_a_time_answer_the_keyboard_and_are_released_on_leaving() => InBrowserAsync(async (session, page) =>
    {
        var (email, _, client) = await host.NewAccountAsync();
        using var _ = client;
        var jobId = await JobsGateway.StartJobAsync(client, TestDocuments.PagesPdf(WebAppHost.MaxPages));
        await JobsGateway.SucceededAsync(client, jobId);
        var inFlight = 0;
        var mostInFlight = 0;
        var images = new ConcurrentQueue<string>();
        void Started(IRequest request)
        {
            if (!request.Url.EndsWith("/image", StringComparison.Ordinal)) return;
            images.Enqueue(request.Url);
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref mostInFlight, now);
        }
        void Ended(IRequest request)
        {
            if (request.Url.EndsWith("/image", StringComparison.Ordinal)) Interlocked.Decrement(ref inFlight);
        }
        page.Request += (_, request) => Started(request);
        page.RequestFinished += (_, request) => Ended(request);
        page.RequestFailed += (_, request) => Ended(request);

        await page.SetViewportSizeAsync(375, 800);
        await host.LogInAsync(page, email);
        await page.GotoAsync($"/#job/{jobId}");
        await Expect(page.Locator("#job-thumbnails button")).ToHaveCountAsync(WebAppHost.MaxPages);
        await Expect(page.Locator("#job-image")).ToHaveAttributeAsync("alt", "Page 1 of the document");
        await Expect(PageThumbnail(page, 2).Locator("img")).ToHaveAttributeAsync("src", new Regex("^blob:"));
        await AssertNoHorizontalScrollAsync(page);
        // What is in view, and a little beyond, is asked for; not the whole document.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var loadedAtFirst = images.Distinct().Count();
        Assert.InRange(loadedAtFirst, 3, 12);
        await Expect(PageThumbnail(page, WebAppHost.MaxPages).Locator("img")).Not.ToHaveAttributeAsync("src", new Regex("."));

        // One tab stop for the strip; the keys move the selection and the focus with it.
        await Expect(page.Locator("#job-thumbnails button[tabindex='0']")).ToHaveCountAsync(1);
        await PageThumbnail(page, 1).FocusAsync();
        await page.Keyboard.PressAsync("End");
        await Expect(PageThumbnail(page, WebAppHost.MaxPages)).ToBeFocusedAsync();
        await Expect(PageThumbnail(page, WebAppHost.MaxPages)).ToHaveAttributeAsync("aria-current", "true");
        await Expect(PageThumbnail(page, 1)).Not.ToHaveAttributeAsync("aria-current", "true");
        await Expect(page.Locator("#job-image")).ToHaveAttributeAsync("alt", $"Page {WebAppHost.MaxPages} of the document");
        await Expect(PageThumbnail(page, WebAppHost.MaxPages).Locator("img")).ToHaveAttributeAsync("src", new Regex("^blob:"));
        await page.Keyboard.PressAsync("ArrowLeft");
        await Expect(PageThumbnail(page, WebAppHost.MaxPages - 1)).ToBeFocusedAsync();
        await Expect(page.Locator("#job-image")).ToHaveAttributeAsync("alt", $"Page {WebAppHost.MaxPages - 1} of the document");
        await Expect(page.Locator("#job-text")).ToHaveValueAsync(new Regex($"This is page {WebAppHost.MaxPages - 1}\\."));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.True(images.Distinct().Count() < WebAppHost.MaxPages / 2, $"{images.Distinct().Count()} page images asked for");
        Assert.InRange(mostInFlight, 1, 3);
        Assert.Empty(session.ConsoleErrors);

        output.WriteLine($"page images asked for: {loadedAtFirst} at first, {images.Distinct().Count()} after End and ArrowLeft, of {WebAppHost.MaxPages}; at most {mostInFlight} at once");

        // Leaving the job's page revokes its images' blob URLs (an image, since the page's CSP lets only images read blob URLs).
        var shown = (await page.Locator("#job-image").GetAttributeAsync("src"))!;
        Assert.True(await LoadsAsImageAsync(page, shown), "the shown page's blob URL does not load while the page is shown");
        await page.GetByRole(AriaRole.Link, new() { Name = "All your jobs" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your jobs" })).ToBeVisibleAsync();
        Assert.False(await LoadsAsImageAsync(page, shown), "the image's blob URL outlived the job's page");
    });

    [Fact]
    public Task A_dropped_event_stream_is_opened_again_after_a_wait_and_the_job_still_reaches_done() => InBrowserAsync(async (session, page) =>
    {
        var eventStreams = 0;
        // The first two streams fail on the network, as a dropped connection would.
        await page.RouteAsync("**/events", async route =>
        {
            if (Interlocked.Increment(ref eventStreams) <= 2)
                await route.AbortAsync();
            else
                await route.ContinueAsync();
        });
        await host.LogInAsync(page);
        await UploadAsync(page, new FilePayload { Name = "two.pdf", MimeType = "application/pdf", Buffer = TestDocuments.ScannedPdf(300, ThreePages[..2]) });

        await Expect(page.Locator("#job-status")).ToHaveTextAsync(new Regex("^The connection to the job was lost\\. Trying again in [12] seconds?…$"));
        await Expect(page.Locator("#job-status")).ToHaveTextAsync("Succeeded: 2 of 2 pages read (100 %)", new() { Timeout = (float)JobTimeout.TotalMilliseconds });
        await Expect(page.Locator("#job-thumbnails button")).ToHaveCountAsync(2);
        await Expect(page.Locator("#job-error")).ToBeHiddenAsync();
        Assert.True(eventStreams >= 3, $"{eventStreams} event streams");
        // The browser logs each aborted request; nothing else may fail.
        Assert.All(session.ConsoleErrors, message => Assert.Contains("ERR_FAILED", message));
    });

    [Fact]
    public Task A_cancel_pressed_after_the_job_finished_is_refused_and_the_page_shows_the_job_as_it_ended() => InBrowserAsync(async (session, page) =>
    {
        var (email, _, client) = await host.NewAccountAsync();
        using var _ = client;
        var streamsOpen = false;
        var firstStream = 0;
        // The page's first stream is cut after its first event (the server's own bytes, the rest lost), and later
        // ones fail until the test lets them through: the page believes the job runs while it finishes.
        await page.RouteAsync("**/events", async route =>
        {
            if (Interlocked.Increment(ref firstStream) == 1)
            {
                var response = await route.FetchAsync();
                var body = await response.TextAsync();
                await route.FulfillAsync(new() { Response = response, Body = body[..(body.IndexOf("\n\n", StringComparison.Ordinal) + 2)] });
            }
            else if (Volatile.Read(ref streamsOpen))
                await route.ContinueAsync();
            else
                await route.AbortAsync();
        });
        await host.LogInAsync(page, email);
        await UploadAsync(page, new FilePayload { Name = "two.pdf", MimeType = "application/pdf", Buffer = TestDocuments.ScannedPdf(300, ThreePages[..2]) });
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel job" })).ToBeVisibleAsync();
        var jobId = Regex.Match(page.Url, "#job/(.+)$").Groups[1].Value;
        await JobsGateway.SucceededAsync(client, jobId);

        var refused = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Cancel job" }).ClickAsync(),
            response => response.Request.Method == "DELETE");
        Assert.Equal(412, refused.Status);
        await Expect(page.Locator("#job-error")).ToHaveTextAsync("The job had already finished, so nothing was cancelled; it is shown as it ended.");
        await Expect(page.Locator("#job-status")).ToHaveTextAsync("Succeeded: 2 of 2 pages read (100 %)");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel job" })).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Delete job" })).ToBeVisibleAsync();

        Volatile.Write(ref streamsOpen, true);
        await Expect(page.Locator("#job-thumbnails button")).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        Assert.Equal("succeeded", (await JobsGateway.StatusAsync(client, jobId)).GetProperty("status").GetString());
        Assert.All(session.ConsoleErrors, message => Assert.True(message.Contains("ERR_FAILED") || message.Contains("status of 412"), message));
    });

    [Fact]
    public Task The_job_list_shows_the_rest_after_more_newest_first_and_without_duplicates() => InBrowserAsync(async (session, page) =>
    {
        const int pageSize = 20;
        var (email, _, client) = await host.NewAccountAsync();
        using var _ = client;
        var submitted = new List<string>();
        for (var n = 1; n <= pageSize + 1; n++)
        {
            // One at a time, inside the cap on active jobs.
            var jobId = await JobsGateway.StartJobAsync(client, TestDocuments.TextPdf($"Job number {n}."));
            await JobsGateway.FinishedAsync(client, jobId);
            submitted.Add(jobId);
        }
        submitted.Reverse();

        await host.LogInAsync(page, email);
        await page.GetByRole(AriaRole.Link, new() { Name = "Your jobs", Exact = true }).ClickAsync();
        var rows = page.Locator("#jobs-list li");
        await Expect(rows).ToHaveCountAsync(pageSize);
        var more = page.GetByRole(AriaRole.Button, new() { Name = "More jobs" });
        await more.ClickAsync();
        await Expect(rows).ToHaveCountAsync(pageSize + 1);
        await Expect(more).ToBeHiddenAsync();
        await Expect(rows.Nth(pageSize).GetByRole(AriaRole.Link)).ToBeFocusedAsync();
        var listed = await rows.EvaluateAllAsync<string[]>("items => items.map(item => item.dataset.jobId)");
        Assert.Equal(submitted, listed);
        Assert.Empty(session.ConsoleErrors);
    });

    [Fact]
    public Task Documents_over_the_job_limits_and_a_job_over_the_active_cap_get_their_sentence_in_place() => InBrowserAsync(async (session, page) =>
    {
        var (email, _, client) = await host.NewAccountAsync();
        using var _ = client;
        await host.LogInAsync(page, email);

        var tooLarge = new byte[WebAppHost.MaxDocumentBytes + 1];
        "%PDF-1.4\n"u8.CopyTo(tooLarge);
        await AssertRefusedInPlaceAsync(page, new FilePayload { Name = "large.pdf", MimeType = "application/pdf", Buffer = tooLarge }, 413, "Document too large");
        await AssertRefusedInPlaceAsync(page, new FilePayload { Name = "long.pdf", MimeType = "application/pdf", Buffer = TestDocuments.PagesPdf(WebAppHost.MaxPages + 1) },
            413, "Too many pages");

        var busy = TestDocuments.ScannedPdf(300, [.. Enumerable.Range(1, 12).Select(n => $"Page {n}: {TestImages.Lines[n % TestImages.Lines.Length]}")]);
        var running = new List<string>();
        for (var i = 0; i < WebAppHost.MaxActiveJobs; i++)
            running.Add(await JobsGateway.StartJobAsync(client, busy));
        try
        {
            await AssertRefusedInPlaceAsync(page, new FilePayload { Name = "one-more.pdf", MimeType = "application/pdf", Buffer = TestDocuments.TextPdf("One too many.") },
                429, "Too many active jobs");
        }
        finally
        {
            foreach (var jobId in running)
                await client.DeleteAsync($"/ocr/jobs/{jobId}");
        }
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Read the text of an image or a document" })).ToBeVisibleAsync();
        Assert.All(session.ConsoleErrors, message => Assert.Matches("status of (413|429)", message));
    });

    [Fact]
    public async Task A_job_upload_to_a_gateway_that_reaches_no_jobs_node_answers_503_and_the_page_says_when_to_try_again()
    {
        // A real gateway whose cluster never forms: its seed node does not exist, so no node keeps jobs and the
        // ask for the job times out. It signs tokens with the same key, so the host's token is good here too.
        await using var database = await TestDatabase.CreateNewAsync();
        var settings = TestNode.ClusterSettings([], FreeTcpPort.Next(), seedPort: FreeTcpPort.Next());
        settings["ConnectionStrings:Postgres"] = database.ConnectionString;
        await using var alone = new GatewayFactory(settings);
        alone.UseKestrel(0);
        using var probe = alone.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/health/live")).StatusCode);
        var address = new Uri(alone.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var (_, token, client) = await host.NewAccountAsync();
        client.Dispose();

        await using var session = await BrowserSession.OpenAsync(host.Browser, address);
        await session.RunAsync(nameof(A_job_upload_to_a_gateway_that_reaches_no_jobs_node_answers_503_and_the_page_says_when_to_try_again), async page =>
        {
            await page.AddInitScriptAsync($"sessionStorage.setItem('akkaocr.token', {JsonSerializer.Serialize(token)})");
            await page.GotoAsync("/#ocr");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Read the text of an image or a document" })).ToBeVisibleAsync();
            await AssertRefusedInPlaceAsync(page, new FilePayload { Name = "letter.pdf", MimeType = "application/pdf", Buffer = TestDocuments.TextPdf("Nobody to read this.") },
                503, "Jobs unavailable");
        });
        Assert.All(session.ConsoleErrors, message => Assert.Contains("status of 503", message));
    }

    /// <summary>The upload is refused with <paramref name="status"/>; the form shows the API's own sentence, and when to try again if it said.</summary>
    private static async Task AssertRefusedInPlaceAsync(IPage page, FilePayload file, int status, string title)
    {
        await page.Locator("#ocr-file").SetInputFilesAsync(file);
        var answer = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Read text" }).ClickAsync(),
            response => response.Url.Contains("/ocr/jobs?", StringComparison.Ordinal), new() { Timeout = 60_000 });
        Assert.Equal(status, answer.Status);
        var problem = (await answer.JsonAsync())!.Value;
        Assert.Equal(title, problem.GetProperty("title").GetString());
        var detail = problem.GetProperty("detail").GetString()!;
        var retryAfter = await answer.HeaderValueAsync("Retry-After");
        var sentence = retryAfter is null ? detail : $"{detail} You can try again in {retryAfter} seconds.";
        if (status is 429 or 503)
            Assert.NotNull(retryAfter);
        await Expect(page.Locator("#ocr-form .form-error")).ToHaveTextAsync(sentence);
    }

    private static Task<bool> LoadsAsImageAsync(IPage page, string url) =>
        page.EvaluateAsync<bool>("url => new Promise(done => { const image = new Image(); image.onload = () => done(true); image.onerror = () => done(false); image.src = url; })", url);

    private static ILocator PageThumbnail(IPage page, int number) =>
        page.Locator("#job-thumbnails").GetByRole(AriaRole.Button, new() { Name = $"Page {number}", Exact = true });

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var was = Interlocked.CompareExchange(ref target, value, seen);
            if (was == seen) return;
            seen = was;
        }
    }

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
