using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
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

    [Fact]
    public async Task A_page_with_its_outputs_comes_back_in_parts_below_the_frame_limit_that_join_into_the_page()
    {
        var worker = await WorkerAsync();
        var job = OcrJobId.New();
        var options = Plain with { IncludeWords = true, PageOutputs = true, Resolution = 150 };
        Send(worker, TestActor, job, TestImages.Page(TestImages.PageText(6)), TimeSpan.FromSeconds(60), options);

        var first = ExpectMsg<OcrReplies.RecognizedPart>(TimeSpan.FromSeconds(60));
        Assert.Equal((job, 0), (first.JobId, first.Offset));
        Assert.True(first.TotalLength > OcrPageTransfer.MaxWholeBytes, $"the page is only {first.TotalLength} bytes");
        var received = new List<byte>(first.Data);
        var parts = 1;
        while (received.Count < first.TotalLength)
        {
            var part = ExpectMsg<OcrReplies.RecognizedPart>(TimeSpan.FromSeconds(3));
            Assert.Equal((job, received.Count, first.TotalLength), (part.JobId, part.Offset, part.TotalLength));
            Assert.InRange(part.Data.Length, 1, OcrPageTransfer.PartBytes);
            received.AddRange(part.Data);
            parts++;
        }
        Sys.Log.Info("A page of {0} bytes came in {1} parts", first.TotalLength, parts);

        Assert.True(OcrPageTransfer.TryJoin(job, [.. received], out var recognized));
        Assert.Contains("Paragraph 6.", recognized.Page.Text);
        Assert.True(recognized.Page.Words.Count > 300, $"{recognized.Page.Words.Count} words");
        var outputs = Assert.IsType<OcrPageOutputs>(recognized.Page.Outputs);
        Assert.Contains("committee", outputs.Alto);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(outputs.TextLayerPdf, 0, 4));
    }

    [Fact]
    public async Task A_job_cancelled_through_the_pool_stops_within_a_second_and_the_worker_reads_the_next_image()
    {
        var worker = await WorkerAsync();
        var pool = await ActorRegistry.GetAsync<OcrWorkers>();
        var job = OcrJobId.New();
        Send(worker, TestActor, job, TestImages.Page(TestImages.PageText(10), pointSize: 18), TimeSpan.FromSeconds(60));
        // Long enough for the worker to be inside the engine, well before the page is read (a few seconds).
        await Task.Delay(TimeSpan.FromMilliseconds(600));

        var clock = Stopwatch.StartNew();
        pool.Tell(new OcrCommands.CancelJob(job));
        var failed = ExpectMsg<OcrReplies.Failed>(TimeSpan.FromSeconds(10));

        Sys.Log.Info("Answered {0} ms after the cancellation", clock.ElapsedMilliseconds);
        Assert.Equal((job, OcrFailure.Cancelled), (failed.JobId, failed.Reason));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"the worker answered {clock.Elapsed} after the cancellation");

        var next = OcrJobId.New();
        Send(worker, TestActor, next, TestImages.Line(TestImages.Lines[0]), TimeSpan.FromSeconds(30));
        var recognized = ExpectMsg<OcrReplies.Recognized>(TimeSpan.FromSeconds(30));
        Assert.Equal((next, TestImages.Lines[0]), (recognized.JobId, recognized.Page.Text.Trim()));
    }

    [Fact]
    public async Task A_job_cancelled_before_it_arrives_is_answered_cancelled_without_being_read()
    {
        var worker = await WorkerAsync();
        var pool = await ActorRegistry.GetAsync<OcrWorkers>();
        var job = OcrJobId.New();
        pool.Tell(new OcrCommands.CancelJob(job));
        // The pool's mailbox is not the worker's: make sure the cancellation was handled first.
        pool.Tell(new Identify(null), TestActor);
        ExpectMsg<ActorIdentity>(TimeSpan.FromSeconds(3));

        Send(worker, TestActor, job, TestImages.Line(TestImages.Lines[0]), TimeSpan.FromSeconds(30));

        var failed = ExpectMsg<OcrReplies.Failed>(TimeSpan.FromSeconds(10));
        Assert.Equal((job, OcrFailure.Cancelled), (failed.JobId, failed.Reason));
    }
}
