using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AkkaOcr.LoadDriver;
using AkkaOcr.Messages.Ocr;
using AkkaOcr.ServiceDefaults.Cluster;
using AkkaOcr.Tests.Documents;
using AkkaOcr.Tests.Infrastructure;

namespace AkkaOcr.Tests.Ocr;

/// <summary>
/// <c>POST /ocr</c> through the real gateway hosting the users, notifier and ocr roles in one process:
/// real Tesseract, real Postgres journal, RabbitMQ and an SMTP server for the "OCR finished" mail.
/// </summary>
public sealed class OcrApiTests : IAsyncLifetime
{
    private const int MaxUploadBytes = 1024 * 1024;
    private const int MaxSyncPages = 3;
    private TestDatabase _database = null!;
    private string _virtualHost = null!;
    private TestSmtpServer _smtp = null!;
    private GatewayFactory _gateway = null!;
    private HttpClient _client = null!;
    private string _email = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateNewAsync();
        _virtualHost = await RabbitMqAdmin.CreateVirtualHostAsync();
        _smtp = TestSmtpServer.Start();
        var settings = TestNode.SingleProcessSettings(_database.ConnectionString, _virtualHost, _smtp.Port);
        settings["Akka:Roles:2"] = ClusterRoles.Ocr;
        settings["Ocr:Workers"] = "2";
        settings["Ocr:MaxUploadBytes"] = MaxUploadBytes.ToString();
        settings["Ocr:MaxSyncPages"] = MaxSyncPages.ToString();
        settings["RateLimits:PerClientPerMinute"] = "10000";
        _gateway = new GatewayFactory(settings);
        _client = await _gateway.CreateReadyClientAsync();
        (_email, var token) = await AccountFlow.SignUpAsync(_gateway, _client, name: "Grace");
        _client.UseToken(token);
        await WaitForWorkersAsync(_client);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
        await _smtp.DisposeAsync();
        await RabbitMqAdmin.CtlAsync("delete_vhost", _virtualHost);
        await _database.DisposeAsync();
    }

    /// <summary>The router learns of workers through cluster membership, a moment after the node is up.</summary>
    internal static Task WaitForWorkersAsync(HttpClient client) =>
        Eventually.MatchesAsync(() => client.PostAsync(TestImages.Line("ready")), response => response.StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30), "an OCR worker answering");

    [Fact]
    public async Task An_upload_is_read_and_answered_with_the_demos_fields_and_the_users_mail_follows()
    {
        var line = TestImages.Lines[2];
        var response = await _client.PostAsync(TestImages.Line(line));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(line, body.GetProperty("ocr_text").GetString()!.Trim());
        Assert.Equal(_email, body.GetProperty("user_email").GetString());
        Assert.Equal("Grace", body.GetProperty("user_name").GetString());
        Assert.True(Guid.TryParse(body.GetProperty("user_id").GetString(), out _));
        Assert.InRange(body.GetProperty("mean_confidence").GetSingle(), 80, 100);
        Assert.Equal("eng", body.GetProperty("language").GetString());
        Assert.True(body.GetProperty("elapsed_ms").GetInt64() > 0);
        Assert.False(body.TryGetProperty("words", out _));

        // Earlier uploads of this user (the readiness probe) have mails of their own.
        var mail = await Eventually.MatchesAsync(
            () => Task.FromResult(_smtp.Received.FirstOrDefault(m => m.To.Mailboxes.Single().Address == _email && (m.TextBody?.Contains(line) ?? false))),
            found => found is not null, TimeSpan.FromSeconds(60), "the OCR-finished mail");
        Assert.Equal("Your AkkaOcr text is ready", mail!.Subject);
        Assert.Contains(line, mail.HtmlBody);
    }

    [Fact]
    public async Task Words_hocr_and_tsv_are_available_on_request()
    {
        var image = TestImages.Line("Words with boxes");

        var words = (await (await _client.PostAsync(image, "?words=true")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("words");
        Assert.Equal(["Words", "with", "boxes"], words.EnumerateArray().Select(word => word.GetProperty("text").GetString()));
        Assert.All(words.EnumerateArray(), word => Assert.True(word.GetProperty("width").GetInt32() > 0 && word.GetProperty("confidence").GetSingle() > 50));

        var hocr = await _client.PostAsync(image, "?format=hocr");
        Assert.Equal("text/html", hocr.Content.Headers.ContentType!.MediaType);
        var document = await hocr.Content.ReadAsStringAsync();
        Assert.Contains("class='ocrx_word'", document);
        Assert.Contains("<meta name=\"ocr-system\" content=\"tesseract\"/>", document);

        var tsv = await _client.PostAsync(image, "?format=tsv&psm=7");
        Assert.Equal("text/tab-separated-values", tsv.Content.Headers.ContentType!.MediaType);
        Assert.Contains("\tboxes", await tsv.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Parallel_requests_on_two_workers_give_the_same_text_as_one_engine_alone()
    {
        var images = TestImages.Lines.Select(line => TestImages.Line(line)).ToList();
        using var engine = TesseractEngineTests.CreateEngine();
        var options = new OcrOptions("eng", 3, false, OcrOutputFormat.Text);
        var alone = images.Select(image => engine.Recognize(image, options, TimeSpan.FromSeconds(30)).Text).ToList();

        // Four at once fit the wait queue of two workers (two each) even while both are still busy; more
        // could rightly get 429. They come from two users, as one user's uploads are taken in two at a time.
        var batch = 2 * 2;
        using var second = _gateway.CreateClient();
        second.UseToken((await AccountFlow.SignUpAsync(_gateway, second, name: "Hopper")).Token);
        HttpClient[] clients = [_client, second];
        for (var round = 0; round < 2; round++)
        {
            var parallel = await Task.WhenAll(images.Take(batch).Select(async (image, i) =>
            {
                var response = await clients[i % clients.Length].PostAsync(image);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
                return JsonDocument.Parse(body).RootElement.GetProperty("ocr_text").GetString();
            }));
            Assert.Equal(alone.Take(batch), parallel);
        }
    }

    [Fact]
    public async Task Every_bad_upload_gets_its_status_and_a_problem_body()
    {
        var png = TestImages.Line("Valid image");

        await AssertProblemAsync(await _client.PostAsync(Array.Empty<byte>()), HttpStatusCode.BadRequest, "empty");
        await AssertProblemAsync(await _client.PostAsync("/ocr", OcrUploads.File(png, field: "image")), HttpStatusCode.BadRequest, "no field 'file'");
        await AssertProblemAsync(await _client.PostAsync("/ocr", JsonContent.Create(new { file = "x" })), HttpStatusCode.BadRequest, "multipart/form-data");
        await AssertProblemAsync(await _client.PostAsync("/ocr", OcrUploads.File("just some text\n"u8.ToArray(), "notes.png")),
            HttpStatusCode.UnsupportedMediaType, "PNG, JPEG");
        await AssertProblemAsync(await _client.PostAsync(png[..(png.Length / 2)]), HttpStatusCode.UnprocessableEntity, "cannot be decoded");
        await AssertProblemAsync(await _client.PostAsync(PngClaiming(100_000, 100_000)), HttpStatusCode.UnprocessableEntity, "100000x100000");
        await AssertProblemAsync(await _client.PostAsync(png[..20]), HttpStatusCode.UnprocessableEntity, "truncated or malformed");
        await AssertProblemAsync(await _client.PostAsync(new byte[MaxUploadBytes + 1]), HttpStatusCode.RequestEntityTooLarge, $"{MaxUploadBytes} bytes");
        await AssertProblemAsync(await _client.PostAsync("/ocr", Chunked(OcrUploads.File(new byte[MaxUploadBytes + 1]))),
            HttpStatusCode.RequestEntityTooLarge, $"{MaxUploadBytes} bytes");
        await AssertProblemAsync(await _client.PostAsync(png, "?lang=klingon"), HttpStatusCode.BadRequest, "'klingon' is not installed; installed: ");
        await AssertProblemAsync(await _client.PostAsync(png, "?lang=../../etc"), HttpStatusCode.BadRequest, "lang");
        await AssertProblemAsync(await _client.PostAsync(png, "?psm=0"), HttpStatusCode.BadRequest, "psm");
        await AssertProblemAsync(await _client.PostAsync(png, "?format=pdf"), HttpStatusCode.BadRequest, "format");

        using var anonymous = _gateway.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync(png)).StatusCode);

        // After all of that, the workers still read.
        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync(png)).StatusCode);
    }

    [Fact]
    public async Task With_lang_auto_a_page_is_read_in_the_language_of_its_script_and_the_answer_names_it()
    {
        var line = TestImages.PageText(2);

        var response = await _client.PostAsync(TestImages.Page(line), "?lang=auto");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("eng", body.GetProperty("language").GetString());
        Assert.True(CharacterErrorRate.Of(line, body.GetProperty("ocr_text").GetString()!) < 0.02, body.GetProperty("ocr_text").GetString());
        await AssertProblemAsync(await _client.PostAsync(TestImages.Page(line), "?lang=eng%2Bauto"), HttpStatusCode.BadRequest, "alone (each page read in the language of the script");
    }

    [Fact]
    public async Task The_installed_languages_are_listed_for_a_signed_in_user_only()
    {
        var response = await _client.GetAsync("/ocr/languages");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var installed = body.GetProperty("languages").EnumerateArray().Select(language => language.GetString()).ToList();
        Assert.Contains("eng", installed);
        Assert.Equal(installed.Order(StringComparer.Ordinal), installed);
        Assert.Equal("eng", body.GetProperty("default").GetString());
        using var anonymous = _gateway.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/ocr/languages")).StatusCode);
    }

    [Fact]
    public async Task A_multi_page_tiff_is_read_page_for_page_and_no_page_is_dropped()
    {
        string[] lines = [TestImages.Lines[0], TestImages.Lines[1], TestImages.Lines[3]];
        var response = await _client.PostAsync(TestImages.MultiPageTiff(lines), "?words=true");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var pages = body.GetProperty("ocr_text").GetString()!.Split('\f');
        Assert.Equal(lines, pages.Select(page => page.Trim()));
        var words = body.GetProperty("words").EnumerateArray()
            .Select(word => (Page: word.GetProperty("page").GetInt32(), Text: word.GetProperty("text").GetString()!)).ToList();
        for (var page = 1; page <= lines.Length; page++)
            Assert.Equal(lines[page - 1].Split(' ')[0], words.First(word => word.Page == page).Text);
    }

    [Fact]
    public async Task A_document_longer_than_one_request_reads_is_refused_whole_naming_the_job_route()
    {
        var pages = Enumerable.Range(0, MaxSyncPages + 1).Select(i => $"Page {i + 1}").ToArray();

        await AssertProblemAsync(await _client.PostAsync(TestImages.MultiPageTiff(pages)), HttpStatusCode.UnprocessableEntity,
            $"more than {MaxSyncPages} pages, the most that POST /ocr reads; send a longer document to POST /ocr/jobs");
    }

    [Fact]
    public async Task A_pdf_is_read_page_for_page_and_one_longer_than_a_request_reads_or_encrypted_is_refused()
    {
        string[] lines = [TestImages.Lines[2], TestImages.Lines[4]];
        var response = await _client.PostAsync(TestDocuments.ScannedPdf(300, lines), "?words=true");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var pages = body.GetProperty("ocr_text").GetString()!.Split('\f');
        Assert.Equal(lines.Length, pages.Length);
        for (var i = 0; i < lines.Length; i++)
            Assert.True(CharacterErrorRate.Of(lines[i], pages[i]) < 0.02, $"page {i + 1}: '{pages[i].Trim()}'");
        Assert.Equal([1, 2], body.GetProperty("words").EnumerateArray().Select(word => word.GetProperty("page").GetInt32()).Distinct().Order());

        await AssertProblemAsync(await _client.PostAsync(TestDocuments.PagesPdf(MaxSyncPages + 1)), HttpStatusCode.UnprocessableEntity,
            $"more than {MaxSyncPages} pages, the most that POST /ocr reads; send a longer document to POST /ocr/jobs");
        await AssertProblemAsync(await _client.PostAsync(TestDocuments.EncryptedPdf()), HttpStatusCode.UnprocessableEntity, "password");
    }

    internal static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detailContains)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detailContains, text);
    }

    /// <summary>A valid PNG signature and header chunk that claim a huge image, and no pixels: a decompression bomb's shape.</summary>
    private static byte[] PngClaiming(int width, int height)
    {
        var png = new byte[64];
        new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 }.CopyTo(png, 0);
        Encoding.ASCII.GetBytes("IHDR").CopyTo(png, 12);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), height);
        png[24] = 8; // bit depth
        return png;
    }

    /// <summary>The same content without a Content-Length, so the size is only known while it streams.</summary>
    private static HttpContent Chunked(HttpContent content) => new ChunkedContent(content);

    private sealed class ChunkedContent : HttpContent
    {
        private readonly HttpContent _inner;

        public ChunkedContent(HttpContent inner)
        {
            _inner = inner;
            Headers.ContentType = inner.Headers.ContentType;
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => _inner.CopyToAsync(stream);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
