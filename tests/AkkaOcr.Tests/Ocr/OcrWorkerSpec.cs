using Akka.Actor;
using Akka.Hosting;
using AkkaOcr.Messages.Ocr;
using AkkaOcr.Nodes.Cluster;
using AkkaOcr.Nodes.Ocr;
using AkkaOcr.Nodes.Ocr.Routing;
using AkkaOcr.Nodes.Ocr.Workers;
using AkkaOcr.Nodes.Settings;

namespace AkkaOcr.Tests.Ocr;

/// <summary>A worker of the real pool, with a real engine, driven by the messages a gateway's router sends.</summary>
public sealed class OcrWorkerSpec(ITestOutputHelper output) : Akka.Hosting.TestKit.TestKit(output: output)
{
    private static readonly OcrSettings Settings = new() { Workers = 1 };
    private static readonly OcrOptions Plain = new("eng", 3, false, OcrOutputFormat.Text);

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider)
    {
        Nodes.Ocr.Tesseract.TesseractRuntime.EnsureAvailable(Settings);
        builder.AddAkkaOcrSerialization().AddOcrWorkers(Settings);
    }

    private ActorSelection Worker => Sys.ActorSelection($"/user/{OcrWorkers.PathName}/worker-1");

    private void Send(OcrJobId job, byte[] image, TimeSpan timeout, OcrOptions? options = null)
    {
        Worker.Tell(new OcrCommands.StartJob(job, options ?? Plain, image.Length, timeout), TestActor);
        for (var offset = 0; offset < image.Length; offset += OcrRouter.ChunkBytes)
            Worker.Tell(new OcrCommands.ImageChunk(job, offset, image[offset..Math.Min(offset + OcrRouter.ChunkBytes, image.Length)]), TestActor);
    }

    [Fact]
    public void A_deadline_cancels_the_job_and_the_worker_reads_the_next_image()
    {
        var heavy = OcrJobId.New();
        Send(heavy, TestImages.Page(TestImages.PageText(10), pointSize: 18), TimeSpan.FromMilliseconds(200));
        var failed = ExpectMsg<OcrReplies.Failed>(TimeSpan.FromSeconds(10));
        Assert.Equal((heavy, OcrFailure.TimedOut), (failed.JobId, failed.Reason));

        var next = OcrJobId.New();
        Send(next, TestImages.Line(TestImages.Lines[0]), TimeSpan.FromSeconds(30));
        var recognized = ExpectMsg<OcrReplies.Recognized>(TimeSpan.FromSeconds(30));
        Assert.Equal(next, recognized.JobId);
        Assert.Equal(TestImages.Lines[0], recognized.Page.Text.Trim());
    }

    [Fact]
    public void A_large_image_crosses_in_many_chunks_and_is_read()
    {
        // An uncompressed bitmap of a page is megabytes: dozens of chunks, reassembled in order.
        var bitmap = TestImages.Reencoded(TestImages.Page(TestImages.PageText(2)), "bmp");
        Assert.True(bitmap.Length > 20 * OcrRouter.ChunkBytes, $"the bitmap is only {bitmap.Length} bytes");

        Send(OcrJobId.New(), bitmap, TimeSpan.FromSeconds(60));

        Assert.Contains("Paragraph 2.", ExpectMsg<OcrReplies.Recognized>(TimeSpan.FromSeconds(60)).Page.Text);
    }

    [Fact]
    public void Chunks_out_of_order_and_unknown_languages_are_refused_with_their_reason()
    {
        var job = OcrJobId.New();
        Worker.Tell(new OcrCommands.StartJob(job, Plain, 100, TimeSpan.FromSeconds(30)), TestActor);
        Worker.Tell(new OcrCommands.ImageChunk(job, 50, new byte[50]), TestActor);
        Assert.Equal(OcrFailure.UnreadableImage, ExpectMsg<OcrReplies.Failed>(TimeSpan.FromSeconds(30)).Reason);

        Send(OcrJobId.New(), TestImages.Line("Hello"), TimeSpan.FromSeconds(30), Plain with { Language = "eng+klingon" });
        var unknown = ExpectMsg<OcrReplies.Failed>(TimeSpan.FromSeconds(10));
        Assert.Equal(OcrFailure.UnknownLanguage, unknown.Reason);
        Assert.Contains("klingon", unknown.Detail);
    }

    [Fact]
    public void A_worker_introduces_itself_with_the_installed_languages()
    {
        Worker.Tell(OcrQueries.DescribeWorker.Instance, TestActor);
        Assert.Contains("eng", ExpectMsg<OcrReplies.WorkerReady>(TimeSpan.FromSeconds(30)).Languages);
    }
}
