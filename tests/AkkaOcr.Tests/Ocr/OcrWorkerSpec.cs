using Akka.Actor;
using Akka.Hosting;
using AkkaOcr.Messages.Ocr;
using AkkaOcr.Ocr;
using AkkaOcr.Ocr.Workers;
using AkkaOcr.Routing;
using AkkaOcr.ServiceDefaults.Cluster;

namespace AkkaOcr.Tests.Ocr;

/// <summary>A worker of the real pool, with a real engine, driven by the messages a gateway's router sends.</summary>
public sealed class OcrWorkerSpec(ITestOutputHelper output) : Akka.Hosting.TestKit.TestKit(output: output)
{
    private static readonly OcrWorkerSettings Settings = new() { Workers = 1 };
    private static readonly OcrOptions Plain = new("eng", 3, false, OcrOutputFormat.Text);

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider)
    {
        AkkaOcr.Ocr.Tesseract.TesseractRuntime.EnsureAvailable(Settings);
        builder.AddAkkaOcrSerialization().AddOcrWorkers(Settings);
    }

    /// <summary>
    /// The pool's first worker. The host starts the pool a moment after the actor system, and the pool
    /// its workers a moment after that, so a message sent at once could find no one.
    /// </summary>
    private async Task<IActorRef> WorkerAsync()
    {
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

    private static void Send(IActorRef worker, IActorRef sender, OcrJobId job, byte[] image, TimeSpan timeout, OcrOptions? options = null) =>
        ImageTransfer.Send(worker, new OcrCommands.StartJob(job, options ?? Plain, image.Length, timeout), image, sender);

    [Fact]
    public async Task A_deadline_cancels_the_job_and_the_worker_reads_the_next_image()
    {
        var worker = await WorkerAsync();
        var heavy = OcrJobId.New();
        Send(worker, TestActor, heavy, TestImages.Page(TestImages.PageText(10), pointSize: 18), TimeSpan.FromMilliseconds(200));
        var failed = ExpectMsg<OcrReplies.Failed>(TimeSpan.FromSeconds(10));
        Assert.Equal((heavy, OcrFailure.TimedOut), (failed.JobId, failed.Reason));

        var next = OcrJobId.New();
        Send(worker, TestActor, next, TestImages.Line(TestImages.Lines[0]), TimeSpan.FromSeconds(30));
        var recognized = ExpectMsg<OcrReplies.Recognized>(TimeSpan.FromSeconds(30));
        Assert.Equal(next, recognized.JobId);
        Assert.Equal(TestImages.Lines[0], recognized.Page.Text.Trim());
    }

    [Fact]
    public async Task A_large_image_crosses_in_many_chunks_and_is_read()
    {
        var worker = await WorkerAsync();
        // An uncompressed bitmap of a page is megabytes: dozens of chunks, reassembled in order.
        var bitmap = TestImages.Reencoded(TestImages.Page(TestImages.PageText(2)), "bmp");
        Assert.True(bitmap.Length > 20 * ImageTransfer.ChunkBytes, $"the bitmap is only {bitmap.Length} bytes");

        Send(worker, TestActor, OcrJobId.New(), bitmap, TimeSpan.FromSeconds(60));

        Assert.Contains("Paragraph 2.", ExpectMsg<OcrReplies.Recognized>(TimeSpan.FromSeconds(60)).Page.Text);
    }

    [Fact]
    public async Task Chunks_out_of_order_and_unknown_languages_are_refused_with_their_reason()
    {
        var worker = await WorkerAsync();
        var job = OcrJobId.New();
        worker.Tell(new OcrCommands.StartJob(job, Plain, 100, TimeSpan.FromSeconds(30)), TestActor);
        worker.Tell(new OcrCommands.ImageChunk(job, 50, new byte[50]), TestActor);
        Assert.Equal(OcrFailure.UnreadableImage, ExpectMsg<OcrReplies.Failed>(TimeSpan.FromSeconds(30)).Reason);

        Send(worker, TestActor, OcrJobId.New(), TestImages.Line("Hello"), TimeSpan.FromSeconds(30), Plain with { Language = "eng+klingon" });
        var unknown = ExpectMsg<OcrReplies.Failed>(TimeSpan.FromSeconds(10));
        Assert.Equal(OcrFailure.UnknownLanguage, unknown.Reason);
        Assert.Contains("klingon", unknown.Detail);
    }

    [Fact]
    public async Task A_worker_introduces_itself_with_the_installed_languages()
    {
        (await WorkerAsync()).Tell(OcrQueries.DescribeWorker.Instance, TestActor);
        Assert.Contains("eng", ExpectMsg<OcrReplies.WorkerReady>(TimeSpan.FromSeconds(30)).Languages);
    }
}
