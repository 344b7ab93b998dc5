using Akka.Actor;
using Akka.Hosting;
using AkkaOcr.Messages.Ocr;
using AkkaOcr.Ocr;
using AkkaOcr.Ocr.Workers;
using AkkaOcr.Routing;
using AkkaOcr.ServiceDefaults.Cluster;

namespace AkkaOcr.Tests.Ocr.PaddleOcr;

/// <summary>A worker of a <c>ppocr</c> node's pool, started as <see cref="OcrHosting.AddOcrWorkers"/> starts it, driven by a router's messages.</summary>
public sealed class PaddleOcrWorkerSpec(ITestOutputHelper output) : Akka.Hosting.TestKit.TestKit(output: output)
{
    private static readonly OcrOptions English = new("eng", 3, false, OcrOutputFormat.Text);

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider)
    {
        builder.AddAkkaOcrSerialization();
        // Without the models each test skips; a pool started without them would only restart its workers.
        if (!PaddleOcrTestModels.IsNamed)
            return;
        var settings = PaddleOcrTestModels.Settings;
        settings.Workers = 1;
        OcrEngineChoice.EnsureAvailable(settings);
        builder.AddOcrWorkers(settings);
    }

    private async Task<IActorRef> WorkerAsync()
    {
        _ = PaddleOcrTestModels.Folder;
        var pool = await ActorRegistry.GetAsync<OcrWorkers>();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await Sys.ActorSelection(pool.Path / "worker-1").ResolveOne(TimeSpan.FromSeconds(3));
            }
            catch (ActorNotFoundException) when (attempt < 20)
            {
                await Task.Delay(500);
            }
        }
    }

    private void Send(IActorRef worker, byte[] image, OcrOptions options) =>
        ImageTransfer.Send(worker, new OcrCommands.StartJob(OcrJobId.New(), options, image.Length, TimeSpan.FromSeconds(30)), image, TestActor);

    [Fact]
    public async Task A_worker_introduces_itself_with_chinese_and_english()
    {
        (await WorkerAsync()).Tell(OcrQueries.DescribeWorker.Instance, TestActor);

        Assert.Equal(["chi_sim", "eng"], ExpectMsg<OcrReplies.WorkerReady>(TimeSpan.FromSeconds(30)).Languages);
    }

    [Fact]
    public async Task English_and_chinese_requests_are_read_in_turn_and_other_languages_refused()
    {
        var worker = await WorkerAsync();

        Send(worker, TestImages.Line(TestImages.Lines[3]), English);
        Assert.Equal(TestImages.Lines[3], ExpectMsg<OcrReplies.Recognized>(TimeSpan.FromSeconds(30)).Page.Text);

        const string chinese = "北京欢迎你";
        Send(worker, TestImages.Line(chinese, font: "Noto-Sans-CJK-SC"), English with { Language = "chi_sim" });
        var read = ExpectMsg<OcrReplies.Recognized>(TimeSpan.FromSeconds(30)).Page;
        Assert.Equal((chinese, "chi_sim"), (read.Text, read.Language));

        Send(worker, TestImages.Line("Guten Tag"), English with { Language = "deu" });
        var refused = ExpectMsg<OcrReplies.Failed>(TimeSpan.FromSeconds(10));
        Assert.Equal(OcrFailure.UnknownLanguage, refused.Reason);
        Assert.Contains("installed: chi_sim, eng", refused.Detail);
    }
}
