using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AkkaOcr.LoadDriver;
using AkkaOcr.ServiceDefaults.Cluster;
using AkkaOcr.Tests.Infrastructure;
using AkkaOcr.Tests.Ocr;
using AkkaOcr.Tests.Ocr.PaddleOcr;

namespace AkkaOcr.Tests.MultiProcess;

/// <summary>
/// A cluster with one Tesseract node and one PP-OCR node, as real processes: each request goes to the node
/// whose engine reads it, both engines answer in the same shape, and an engine or language no node has is
/// refused with what runs. Which node read an image is told by each node's own metrics.
/// </summary>
[Collection(nameof(MultiProcessCluster))]
public sealed class MixedEngineClusterTests(ITestOutputHelper output)
{
    private const string Chinese = "我们在北京大学学习中文。";
    private const string English = "Invoice 2024 paid in full";

    [Fact]
    public async Task A_mixed_cluster_routes_chinese_and_engine_ppocr_to_the_ppocr_node_german_to_tesseract_and_refuses_what_none_reads()
    {
        var models = PaddleOcrTestModels.Folder;
        await using var environment = await ClusterEnvironment.CreateAsync();
        await using var cluster = new ClusterHarness(new Dictionary<string, string>(environment.Variables) { ["Ocr__Workers"] = "1" });
        await cluster.ExplainFailuresAsync(async () =>
        {
            var paddleSpec = ClusterHarness.Node("ocr-ppocr", ClusterRoles.Ocr) with
            {
                Settings = new Dictionary<string, string> { ["Ocr:Engine"] = "ppocr", ["Ocr:ModelsPath"] = models },
            };
            var nodes = await cluster.StartAllReadyAsync(
                ClusterHarness.Node("users-1", ClusterRoles.Users, ClusterRoles.Notifier),
                ClusterHarness.Node("ocr-tesseract", ClusterRoles.Ocr),
                paddleSpec,
                ClusterHarness.Gateway("gateway"));
            var gateway = nodes[3].Spec.BaseAddress;
            using var http = await SignedInClient.CreateAsync(gateway, new SmtpOtpSource(environment.Smtp), TimeSpan.FromSeconds(60));
            var engines = await Eventually.MatchesAsync(() => EnginesAsync(http), running => running.Count == 2, TimeSpan.FromSeconds(60), "both engines listed");
            output.WriteLine($"engines: {string.Join("; ", engines.Select(engine => $"{engine.Key}: {engine.Value}"))}");
            Assert.Equal("chi_sim,eng", engines["ppocr"]);
            Assert.Contains("deu", engines["tesseract"].Split(','));

            var chinese = await ReadAsync(http, TestImages.Line(Chinese, font: "Noto-Sans-CJK-SC"), "lang=chi_sim&words=true");
            Assert.Equal(Chinese, chinese.GetProperty("ocr_text").GetString()!.Trim());
            var english = TestImages.Line(English);
            var byPaddle = await ReadAsync(http, english, "lang=eng&engine=ppocr&words=true");
            var byTesseract = await ReadAsync(http, english, "lang=eng&engine=tesseract&words=true");
            var german = await ReadAsync(http, TestImages.Line("Grüße aus München"), "lang=deu");
            Assert.Equal("Grüße aus München", german.GetProperty("ocr_text").GetString()!.Trim());

            // The same shape from both engines: text, confidence, and each word with its box.
            foreach (var answer in new[] { byPaddle, byTesseract })
            {
                Assert.True(CharacterErrorRate.Of(English, answer.GetProperty("ocr_text").GetString()!) < 0.1, answer.ToString());
                Assert.InRange(answer.GetProperty("mean_confidence").GetSingle(), 1, 100);
                var words = answer.GetProperty("words").EnumerateArray().ToList();
                Assert.Equal(English.Split(' '), words.Select(word => word.GetProperty("text").GetString()));
                Assert.All(words, word => Assert.True(word.GetProperty("width").GetInt32() > 0 && word.GetProperty("height").GetInt32() > 0, word.ToString()));
            }

            // Which node read what, by each node's own count: Chinese and engine=ppocr there, the rest on Tesseract.
            Assert.Equal(2, (await OcrNodeMetrics.ImageCountsAsync(nodes[2].Spec.BaseAddress)).Read);
            Assert.Equal(2, (await OcrNodeMetrics.ImageCountsAsync(nodes[1].Spec.BaseAddress)).Read);

            await AssertRefusedAsync(http, "lang=eng&engine=easyocr", "engine", "'easyocr' runs on no OCR node; running: ppocr, tesseract");
            await AssertRefusedAsync(http, "lang=deu&engine=ppocr", "lang", "'deu' is not installed for the ppocr engine; installed: chi_sim, eng");
            await AssertRefusedAsync(http, "engine=Tesseract!", "engine", "is an engine's name");
        });
    }

    private static async Task<JsonElement> ReadAsync(HttpClient http, byte[] image, string query)
    {
        using var response = await http.PostAsync(image, "?" + query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private static async Task AssertRefusedAsync(HttpClient http, string query, string field, string detail)
    {
        using var response = await http.PostAsync(TestImages.Line(English), "?" + query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{query}: {(int)response.StatusCode} {body}");
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors").GetProperty(field);
        Assert.Contains(detail, errors[0].GetString());
    }

    /// <summary>Each running engine's name with the languages it reads, joined by commas.</summary>
    private static async Task<Dictionary<string, string>> EnginesAsync(HttpClient http)
    {
        var languages = await http.GetFromJsonAsync<JsonElement>("/ocr/languages");
        return languages.GetProperty("engines").EnumerateArray().ToDictionary(
            engine => engine.GetProperty("name").GetString()!,
            engine => string.Join(',', engine.GetProperty("languages").EnumerateArray().Select(language => language.GetString())));
    }
}
