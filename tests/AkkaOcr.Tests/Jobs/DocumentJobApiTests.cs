using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using AkkaOcr.LoadDriver;
using AkkaOcr.Tests.Documents;
using AkkaOcr.Tests.Infrastructure;
using AkkaOcr.Tests.Ocr;

namespace AkkaOcr.Tests.Jobs;

/// <summary>
/// Documents as jobs through the real gateway and a real back end: PostgreSQL, RabbitMQ, SMTP, Tesseract,
/// poppler and qpdf. Documents are rendered at test time from known text.
/// </summary>
public sealed class DocumentJobApiTests(JobsGateway jobs) : IClassFixture<JobsGateway>
{
    private static readonly string[] TwelvePages = [.. Enumerable.Range(1, 12).Select(n => $"Page {n} of the contract: {TestImages.Lines[n % TestImages.Lines.Length]}")];

    [Fact]
    public async Task A_twelve_page_scanned_pdf_comes_back_page_for_page_in_every_format_with_a_searchable_pdf_and_a_mail()
    {
        var (client, email) = await jobs.SignedInClientAsync();
        var jobId = await JobsGateway.StartJobAsync(client, TestDocuments.ScannedPdf(300, TwelvePages));
        var finished = await JobsGateway.SucceededAsync(client, jobId);
        Assert.Equal("succeeded", finished.GetProperty("status").GetString());
        Assert.Equal((12, 12, 1.0), (finished.GetProperty("pages_total").GetInt32(), finished.GetProperty("pages_done").GetInt32(),
            finished.GetProperty("progress").GetDouble()));

        var text = await client.GetStringAsync($"/ocr/jobs/{jobId}/result?format=text");
        var pages = text.Split('\f');
        Assert.Equal(12, pages.Length);
        for (var i = 0; i < 12; i++)
            Assert.True(CharacterErrorRate.Of(TwelvePages[i], pages[i]) < 0.02, $"page {i + 1}: '{pages[i].Trim()}'");

        var json = await client.GetFromJsonAsync<JsonElement>($"/ocr/jobs/{jobId}/result?format=json");
        var jsonPages = json.GetProperty("pages").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(1, 12), jsonPages.Select(page => page.GetProperty("page").GetInt32()));
        Assert.All(jsonPages, page =>
        {
            Assert.Equal("ocr", page.GetProperty("source").GetString());
            Assert.True(page.GetProperty("confidence").GetSingle() > 80);
            var words = page.GetProperty("words").EnumerateArray().ToList();
            Assert.Contains(words, word => word.GetProperty("text").GetString() == "contract:");
            Assert.All(words, word => Assert.InRange(word.GetProperty("left").GetInt32() + word.GetProperty("width").GetInt32(), 1, page.GetProperty("width").GetInt32()));
        });

        var hocr = await client.GetStringAsync($"/ocr/jobs/{jobId}/result?format=hocr");
        Assert.Equal(12, hocr.Split("class='ocr_page'").Length - 1);
        Assert.Contains("contract", hocr);

        var alto = XDocument.Parse(await client.GetStringAsync($"/ocr/jobs/{jobId}/result?format=alto"));
        Assert.Equal(12, alto.Descendants().Count(element => element.Name.LocalName == "Page"));
        Assert.Contains(alto.Descendants().Where(element => element.Name.LocalName == "String"),
            word => (string?)word.Attribute("CONTENT") == "contract:");

        using var pdfResponse = await client.GetAsync($"/ocr/jobs/{jobId}/result?format=pdf");
        Assert.Equal("application/pdf", pdfResponse.Content.Headers.ContentType!.MediaType);
        var folder = Directory.CreateTempSubdirectory("akkaocr-result-");
        try
        {
            var pdf = Path.Combine(folder.FullName, "result.pdf");
            await File.WriteAllBytesAsync(pdf, await pdfResponse.Content.ReadAsByteArrayAsync());
            Assert.Equal(12, TestDocuments.PageCount(pdf));
            for (var page = 1; page <= 12; page++)
                Assert.True(CharacterErrorRate.Of(TwelvePages[page - 1], TestDocuments.TextOf(pdf, page)) < 0.02,
                    $"pdftotext of page {page}: '{TestDocuments.TextOf(pdf, page).Trim()}'");
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        var mail = await Eventually.MatchesAsync(() => Task.FromResult(jobs.Smtp.Received.FirstOrDefault(message =>
                message.To.ToString().Contains(email, StringComparison.Ordinal) && (message.Subject ?? "").Contains("document", StringComparison.Ordinal))),
            message => message is not null, TimeSpan.FromSeconds(30), "the job's mail");
        Assert.Contains("12 pages", mail!.Subject);
        Assert.Contains($"/ocr/jobs/{jobId}/result", mail.TextBody ?? "");
    }

    [Fact]
    public async Task A_three_page_tiff_gives_three_pages_as_a_job()
    {
        var (client, _) = await jobs.SignedInClientAsync();
        var jobId = await JobsGateway.StartJobAsync(client, TestDocuments.ThreePageTiff(), fileName: "scan.tiff", contentType: "image/tiff");
        await JobsGateway.SucceededAsync(client, jobId);
        var pages = (await client.GetStringAsync($"/ocr/jobs/{jobId}/result?format=text")).Split('\f');
        Assert.Equal(3, pages.Length);
        for (var i = 0; i < 3; i++)
            Assert.True(CharacterErrorRate.Of(TestImages.Lines[i], pages[i]) < 0.02, $"page {i + 1}: '{pages[i].Trim()}'");
    }

    [Fact]
    public async Task A_pdf_whose_pages_carry_text_is_answered_from_that_text_unless_skip_text_is_off()
    {
        var (client, _) = await jobs.SignedInClientAsync();
        var document = TestDocuments.TextPdf("Born digital, this page has its own text.", "And so does the second page.");
        var answered = await JobsGateway.StartJobAsync(client, document);
        await JobsGateway.SucceededAsync(client, answered);
        var json = await client.GetFromJsonAsync<JsonElement>($"/ocr/jobs/{answered}/result?format=json");
        Assert.All(json.GetProperty("pages").EnumerateArray(), page => Assert.Equal("text", page.GetProperty("source").GetString()));
        Assert.Equal("Born digital, this page has its own text.", json.GetProperty("pages")[0].GetProperty("text").GetString()!.Trim());
        Assert.Contains(json.GetProperty("pages")[1].GetProperty("words").EnumerateArray(), word => word.GetProperty("text").GetString() == "second");

        var read = await JobsGateway.StartJobAsync(client, document, "?skip_text=false");
        await JobsGateway.SucceededAsync(client, read);
        var ocr = await client.GetFromJsonAsync<JsonElement>($"/ocr/jobs/{read}/result?format=json");
        Assert.All(ocr.GetProperty("pages").EnumerateArray(), page => Assert.Equal("ocr", page.GetProperty("source").GetString()));
        Assert.True(CharacterErrorRate.Of("And so does the second page.", ocr.GetProperty("pages")[1].GetProperty("text").GetString()!) < 0.05);
    }

    [Fact]
    public async Task A_page_fed_sideways_and_one_fed_askew_read_right_and_each_pages_text_layer_lies_where_its_words_are()
    {
        var (client, _) = await jobs.SignedInClientAsync();
        const string sideways = "The quick brown fox jumps over the lazy dog. Pack my box with five dozen liquor jugs. Sphinx of black quartz, judge my vow.";
        const string askew = "Akka actors exchange messages across the cluster. Invoice 2026-0117 was paid on 3 March for 418.50 EUR.";
        var jobId = await JobsGateway.StartJobAsync(client, TestDocuments.TurnedScannedPdf((sideways, 90), (askew, 3)), "?deskew=true");
        await JobsGateway.SucceededAsync(client, jobId);

        var pages = (await client.GetStringAsync($"/ocr/jobs/{jobId}/result?format=text")).Split('\f');
        Assert.True(CharacterErrorRate.Of(sideways, pages[0]) < 0.02, $"sideways page: '{pages[0].Trim()}'");
        Assert.True(CharacterErrorRate.Of(askew, pages[1]) < 0.02, $"askew page: '{pages[1].Trim()}'");

        // The page was turned a quarter clockwise, so its first line runs down its right edge: the text layer must lie there too.
        var folder = Directory.CreateTempSubdirectory("akkaocr-result-");
        try
        {
            var pdf = Path.Combine(folder.FullName, "result.pdf");
            await File.WriteAllBytesAsync(pdf, await client.GetByteArrayAsync($"/ocr/jobs/{jobId}/result?format=pdf"));
            using var bbox = System.Xml.XmlReader.Create(new MemoryStream(TestDocuments.Run("pdftotext", ["-f", "1", "-l", "1", "-bbox", pdf, "-"])),
                new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Ignore, XmlResolver = null });
            var layout = XDocument.Load(bbox);
            var page = layout.Descendants().First(element => element.Name.LocalName == "page");
            var first = page.Descendants().First(element => element.Name.LocalName == "word" && element.Value == "The");
            var (width, height) = ((double)page.Attribute("width")!, (double)page.Attribute("height")!);
            Assert.True((double)first.Attribute("xMin")! > width / 2, $"'The' starts at x {first.Attribute("xMin")} of {width}");
            Assert.True((double)first.Attribute("yMax")! < height / 2, $"'The' ends at y {first.Attribute("yMax")} of {height}");

            // The askew page was read straightened; its layer is turned back, so words far from the page's centre
            // lie where the page's own words are. Left as read, a 3° turn would shift them up or down by about
            // 7 points; across, the glyphless font's boxes differ from the scan's by a few points anyway.
            var askewPage = (await client.GetFromJsonAsync<JsonElement>($"/ocr/jobs/{jobId}/result?format=json")).GetProperty("pages")[1];
            var pointsPerPixel = 72.0 / askewPage.GetProperty("resolution").GetInt32();
            var layerWords = WordBoxes(pdf, 2);
            foreach (var text in new[] { "Akka", "across" })
            {
                var word = askewPage.GetProperty("words").EnumerateArray().First(w => w.GetProperty("text").GetString() == text);
                var (expectedX, expectedY) = ((word.GetProperty("left").GetInt32() + word.GetProperty("width").GetInt32() / 2.0) * pointsPerPixel,
                    (word.GetProperty("top").GetInt32() + word.GetProperty("height").GetInt32() / 2.0) * pointsPerPixel);
                var (x, y) = layerWords.First(w => w.Text == text).Centre;
                Assert.True(Math.Abs(x - expectedX) < 6 && Math.Abs(y - expectedY) < 2.5,
                    $"'{text}' lies at ({x:0.0}, {y:0.0}) in the text layer, at ({expectedX:0.0}, {expectedY:0.0}) on the page");
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The words pdftotext finds on a page, with their boxes' centres in points from the top left.</summary>
    private static List<(string Text, (double X, double Y) Centre)> WordBoxes(string pdf, int page)
    {
        var number = page.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var bbox = System.Xml.XmlReader.Create(new MemoryStream(TestDocuments.Run("pdftotext", ["-f", number, "-l", number, "-bbox", pdf, "-"])),
            new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Ignore, XmlResolver = null });
        return XDocument.Load(bbox).Descendants().Where(element => element.Name.LocalName == "word")
            .Select(word => (word.Value, (((double)word.Attribute("xMin")! + (double)word.Attribute("xMax")!) / 2,
                ((double)word.Attribute("yMin")! + (double)word.Attribute("yMax")!) / 2)))
            .ToList();
    }

    [Fact]
    public async Task A_long_document_starves_neither_another_users_upload_nor_their_one_page_job()
    {
        var (bulk, _) = await jobs.SignedInClientAsync("Bulk");
        var (small, _) = await jobs.SignedInClientAsync("Small");
        var longDocument = TestDocuments.ScannedPdf(300, [.. TwelvePages, .. TwelvePages[..8]]);
        var onePage = TestDocuments.ScannedPdf(300, "A one-page letter.");
        var image = TestImages.Line("A single receipt");
        var longJob = await JobsGateway.StartJobAsync(bulk, longDocument);
        await Eventually.MatchesAsync(() => JobsGateway.StatusAsync(bulk, longJob), job => job.GetProperty("pages_done").GetInt32() >= 1,
            TimeSpan.FromSeconds(60), "the long job under way");

        using var upload = await small.PostAsync(image);
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        var shortJob = await JobsGateway.StartJobAsync(small, onePage);
        var shortFinished = (await JobsGateway.SucceededAsync(small, shortJob)).GetProperty("finished").GetDateTimeOffset();
        var longNow = await JobsGateway.StatusAsync(bulk, longJob);
        Assert.True(longNow.GetProperty("status").GetString() == "running"
                    || longNow.GetProperty("finished").GetDateTimeOffset() > shortFinished,
            $"the one-page job finished at {shortFinished:O}, after the 20-page job: {longNow}");
        await JobsGateway.SucceededAsync(bulk, longJob);
    }

    [Fact]
    public async Task Another_users_job_is_not_found_on_every_route()
    {
        var (owner, _) = await jobs.SignedInClientAsync("Owner");
        var (stranger, _) = await jobs.SignedInClientAsync("Stranger");
        var jobId = await JobsGateway.StartJobAsync(owner, TestDocuments.TextPdf("Mine alone."));
        await JobsGateway.FinishedAsync(owner, jobId);

        foreach (var path in new[] { $"/ocr/jobs/{jobId}", $"/ocr/jobs/{jobId}/events", $"/ocr/jobs/{jobId}/result?format=text", $"/ocr/jobs/{jobId}/result?format=pdf" })
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.DeleteAsync($"/ocr/jobs/{jobId}")).StatusCode);
        Assert.DoesNotContain(jobId, await stranger.GetStringAsync("/ocr/jobs"));
        Assert.Contains(jobId, await owner.GetStringAsync("/ocr/jobs"));
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/ocr/jobs/{jobId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync("/ocr/jobs/not-a-job-id")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/ocr/jobs/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task The_active_job_cap_answers_429_and_a_cancelled_job_frees_its_place()
    {
        var (client, _) = await jobs.SignedInClientAsync();
        var longDocument = TestDocuments.ScannedPdf(300, [.. TwelvePages, .. TwelvePages[..8]]);
        var oneTooMany = TestDocuments.TextPdf("One too many.");
        var long1 = await JobsGateway.StartJobAsync(client, longDocument);
        var long2 = await JobsGateway.StartJobAsync(client, longDocument);
        using var refused = await JobsGateway.SubmitAsync(client, oneTooMany);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains($"most at once is {JobsGateway.MaxActiveJobs}", await refused.Content.ReadAsStringAsync());

        using var cancel = await client.DeleteAsync($"/ocr/jobs/{long1}");
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal("cancelled", (await cancel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal("cancelled", (await JobsGateway.StatusAsync(client, long1)).GetProperty("status").GetString());
        var next = await JobsGateway.StartJobAsync(client, TestDocuments.TextPdf("Now there is room."));
        await JobsGateway.SucceededAsync(client, next);
        Assert.Equal(HttpStatusCode.Accepted, (await client.DeleteAsync($"/ocr/jobs/{long2}")).StatusCode);
    }

    [Fact]
    public async Task Cancelling_a_job_frees_the_workers_reading_its_pages_within_a_second()
    {
        var (owner, _) = await jobs.SignedInClientAsync("Owner");
        var (other, _) = await jobs.SignedInClientAsync("Other");
        var line = TestImages.Line(TestImages.Lines[0]);
        // Pages of several seconds each, so that both workers are in the middle of one when the job is cancelled.
        var heavyPage = TestImages.Page(TestImages.PageText(10), pointSize: 18);
        var heavyPages = TestDocuments.PdfOfImages([.. Enumerable.Repeat(heavyPage, 6)]);
        var idleLine = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await other.PostAsync(line)).StatusCode);
        idleLine.Stop();

        var jobId = await JobsGateway.StartJobAsync(owner, heavyPages, "?rotate=false");
        await Eventually.MatchesAsync(() => JobsGateway.StatusAsync(owner, jobId), job => job.GetProperty("status").GetString() == "running",
            TimeSpan.FromSeconds(30), "the job running");
        // The first pages are rasterized and on the workers well within this.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(0, (await JobsGateway.StatusAsync(owner, jobId)).GetProperty("pages_done").GetInt32());

        using var cancel = await owner.DeleteAsync($"/ocr/jobs/{jobId}");
        var freed = Stopwatch.StartNew();
        using var next = await other.PostAsync(line);
        freed.Stop();

        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        // Had the workers gone on with their pages, the line would have waited seconds for one of them.
        Assert.True(freed.Elapsed < TimeSpan.FromSeconds(1) + idleLine.Elapsed,
            $"another user's line was answered {freed.Elapsed.TotalMilliseconds:0} ms after the cancel (alone: {idleLine.Elapsed.TotalMilliseconds:0} ms)");
        var cancelled = await JobsGateway.StatusAsync(owner, jobId);
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal(0, cancelled.GetProperty("pages_done").GetInt32());
    }

    [Fact]
    public async Task Deleting_a_finished_job_removes_it_its_document_and_its_results()
    {
        var (client, _) = await jobs.SignedInClientAsync();
        var jobId = await JobsGateway.StartJobAsync(client, TestDocuments.ScannedPdf(300, "A page to forget."));
        await JobsGateway.FinishedAsync(client, jobId);
        Assert.Equal(1, await jobs.RowsAsync("ocr_documents", jobId));
        Assert.Equal(1, await jobs.RowsAsync("ocr_job_pages", jobId));
        Assert.Equal(1, await jobs.RowsAsync("ocr_job_outputs", jobId));

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/ocr/jobs/{jobId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/ocr/jobs/{jobId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/ocr/jobs/{jobId}")).StatusCode);
        foreach (var table in new[] { "ocr_jobs", "ocr_documents", "ocr_job_pages", "ocr_job_outputs" })
            Assert.Equal(0, await jobs.RowsAsync(table, jobId));
    }

    [Fact]
    public async Task A_cancel_conditional_on_the_active_etag_never_deletes_a_job_that_finished_first()
    {
        var (client, _) = await jobs.SignedInClientAsync();
        var jobId = await JobsGateway.StartJobAsync(client, TestDocuments.TextPdf("Finished before the cancel."));
        await JobsGateway.SucceededAsync(client, jobId);
        using var look = await client.GetAsync($"/ocr/jobs/{jobId}");
        Assert.Equal("\"succeeded\"", look.Headers.ETag!.ToString());
        Assert.True(look.Headers.CacheControl!.NoCache);

        using var lateCancel = await DeleteAsync(client, jobId, "\"active\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, lateCancel.StatusCode);
        Assert.Equal("application/problem+json", lateCancel.Content.Headers.ContentType!.MediaType);
        Assert.Contains("succeeded already", (await lateCancel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal("\"succeeded\"", lateCancel.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/ocr/jobs/{jobId}/result?format=text")).StatusCode);
        Assert.Equal(1, await jobs.RowsAsync("ocr_documents", jobId));

        // If-Match compares strongly: a weak tag matches nothing, even the job's own.
        using var weak = await DeleteAsync(client, jobId, "W/\"succeeded\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, weak.StatusCode);
        using var malformed = await DeleteAsync(client, jobId, "active");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);

        using var delete = await DeleteAsync(client, jobId, "\"failed\", \"succeeded\"");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await DeleteAsync(client, jobId, "*")).StatusCode);
    }

    [Fact]
    public async Task A_cancel_conditional_on_the_active_etag_cancels_a_running_job_and_only_once()
    {
        var (client, _) = await jobs.SignedInClientAsync();
        var jobId = await JobsGateway.StartJobAsync(client, TestDocuments.ScannedPdf(300, TwelvePages));
        using var look = await client.GetAsync($"/ocr/jobs/{jobId}");
        Assert.Equal("\"active\"", look.Headers.ETag!.ToString());

        using var cancel = await DeleteAsync(client, jobId, look.Headers.ETag.ToString());
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal("cancelled", (await cancel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal("\"cancelled\"", cancel.Headers.ETag!.ToString());

        // A second press of the same cancel finds the job cancelled, and deletes nothing.
        using var again = await DeleteAsync(client, jobId, "\"active\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, again.StatusCode);
        Assert.Equal("cancelled", (await JobsGateway.StatusAsync(client, jobId)).GetProperty("status").GetString());
        // Unconditional, a delete of the cancelled job deletes it, as it always has.
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/ocr/jobs/{jobId}")).StatusCode);
    }

    private static async Task<HttpResponseMessage> DeleteAsync(HttpClient client, string jobId, string ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/ocr/jobs/{jobId}");
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Bad_documents_get_their_status_and_a_problem_body_and_leave_nothing_stored()
    {
        var (client, _) = await jobs.SignedInClientAsync();
        var documentsBefore = await jobs.CountAsync("ocr_documents");
        (byte[] Document, HttpStatusCode Status, string Title)[] cases =
        [
            (TestDocuments.EncryptedPdf(), HttpStatusCode.UnprocessableEntity, "Encrypted document"),
            (TestDocuments.TruncatedPdf(), HttpStatusCode.UnprocessableEntity, "Unreadable document"),
            (TestDocuments.ZeroPagePdf(), HttpStatusCode.UnprocessableEntity, "Empty document"),
            (TestDocuments.PagesPdf(JobsGateway.MaxPages + 1), HttpStatusCode.RequestEntityTooLarge, "Too many pages"),
            (new byte[JobsGateway.MaxDocumentBytes + 1], HttpStatusCode.RequestEntityTooLarge, "Document too large"),
            ("plain words, not a document"u8.ToArray(), HttpStatusCode.UnsupportedMediaType, "Not a document"),
        ];
        foreach (var (document, status, title) in cases)
        {
            using var response = await JobsGateway.SubmitAsync(client, document);
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal(title, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        }
        // A page tree that claims 10,000 pages holds one: it is taken for what it holds, never sized by its claim.
        var claim = await JobsGateway.StartJobAsync(client, TestDocuments.PageCountClaimPdf());
        Assert.Equal(1, (await JobsGateway.StatusAsync(client, claim)).GetProperty("pages_total").GetInt32());
        Assert.Equal(documentsBefore + 1, await jobs.CountAsync("ocr_documents"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task A_page_that_keeps_the_rasterizer_past_its_deadline_fails_its_job_with_a_reason_and_the_cluster_goes_on()
    {
        var (client, _) = await jobs.SignedInClientAsync();
        // Without skip_text, so that the page reaches the rasterizer (pdftotext, which skip_text runs first,
        // takes as long on this page and fails the job the same way, naming the text instead).
        var jobId = await JobsGateway.StartJobAsync(client, TestDocuments.SlowPdf(), "?skip_text=false");
        var job = await JobsGateway.FinishedAsync(client, jobId);
        Assert.Equal("failed", job.GetProperty("status").GetString());
        Assert.Contains("Page 1 could not be rasterized", job.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await client.GetAsync($"/ocr/jobs/{jobId}/result?format=text")).StatusCode);

        var next = await JobsGateway.StartJobAsync(client, TestDocuments.TextPdf("Still reading."));
        await JobsGateway.SucceededAsync(client, next);
    }

    [Fact]
    public async Task The_event_stream_delivers_non_decreasing_progress_and_exactly_one_final_event()
    {
        var (client, _) = await jobs.SignedInClientAsync();
        var jobId = await JobsGateway.StartJobAsync(client, TestDocuments.ScannedPdf(300, TwelvePages));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/ocr/jobs/{jobId}/events");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var events = new List<(string Name, JsonElement Job)>();
        string? name = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
                name = line["event: ".Length..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
                events.Add((name ?? "message", JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone()));
        }

        Assert.True(events.Count >= 2, $"{events.Count} events");
        Assert.All(events[..^1], item => Assert.Equal("progress", item.Name));
        Assert.Equal("succeeded", events[^1].Name);
        Assert.Equal("succeeded", events[^1].Job.GetProperty("status").GetString());
        var progress = events.Select(item => item.Job.GetProperty("progress").GetDouble()).ToList();
        Assert.Equal(progress.Order(), progress);
        Assert.Equal(1.0, progress[^1]);
    }
}
