using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using Akka.TestKit;
using AkkaOcr.Gateway.Ocr;
using AkkaOcr.Messages.Ocr;
using AkkaOcr.Routing;
using AkkaOcr.ServiceDefaults.Cluster;
using AkkaOcr.ServiceDefaults.Settings;
using AkkaOcr.Tests.Infrastructure;

namespace AkkaOcr.Tests.Ocr.Routing;

/// <summary>
/// The router actor on a real single-node cluster that is both gateway and <c>ocr</c> node, with test
/// probes for workers. The node comes up through the cluster itself; its later trouble (unreachable,
/// leaving, removed) is told to the router directly, the way the cluster would report it.
/// </summary>
public sealed class OcrRouterSpec(ITestOutputHelper output)
    : Akka.Hosting.TestKit.TestKit(actorSystemName: ClusterHosting.ActorSystemName, output: output)
{
    /// <summary>The bound for anything the router does at once.</summary>
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(3);

    private static readonly OcrOptions English = new("eng", 3, false, OcrOutputFormat.Text);
    private readonly int _port = FreeTcpPort.Next();

    /// <summary>Stands for the worker pool of this node: what the router sends the pool itself (cancellations) comes here.</summary>
    private TestProbe _pool = null!;

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) =>
        builder.AddAkkaOcrCluster(new AkkaSettings
        {
            Hostname = "127.0.0.1",
            Port = _port,
            SeedNodes = [$"akka.tcp://{ClusterHosting.ActorSystemName}@127.0.0.1:{_port}"],
            Roles = [ClusterRoles.Gateway, ClusterRoles.Ocr],
        }, TestClusterTls.Transport);

    private Member ThisNode => Akka.Cluster.Cluster.Get(Sys).SelfMember;

    /// <summary>
    /// The router, and this node's workers: probes behind the path where the router looks for workers,
    /// each answering the router's question once it comes, which is when the cluster reports the node up.
    /// </summary>
    private (IActorRef Router, TestProbe[] Workers) StartRouter(OcrRoutingSettings settings, int workers)
    {
        var probes = Enumerable.Range(0, workers).Select(_ => CreateTestProbe()).ToArray();
        var refs = probes.Select(probe => probe.Ref).ToList();
        _pool = CreateTestProbe();
        var poolProbe = _pool.Ref;
        var pool = Sys.ActorOf(Props.Create(() => new ProbeWorkers(refs, poolProbe)), OcrWorkerContract.ParentName);
        // An answer means the pool's constructor ran, so its children are there to be found.
        pool.Tell(new Identify(null), TestActor);
        ExpectMsg<ActorIdentity>(Soon);
        var router = Sys.ActorOf(OcrRouter.Props(settings), OcrRouter.Name);
        foreach (var probe in probes)
        {
            probe.ExpectMsg<OcrQueries.DescribeWorker>(TimeSpan.FromSeconds(30));
            // The router asks again on a timer until a node's workers answer; one answer is enough here.
            probe.IgnoreMessages(message => message is OcrQueries.DescribeWorker);
            probe.Reply(new OcrReplies.WorkerReady(["eng", "deu"]));
        }
        return (router, probes);
    }

    private static OcrRouting.Submit Submit(IActorRef router, TestProbe client)
    {
        // Large enough to travel in two chunks.
        var image = new byte[ImageTransfer.ChunkBytes + 1000];
        Random.Shared.NextBytes(image);
        var submit = new OcrRouting.Submit(OcrJobId.New(), image, English);
        router.Tell(submit, client.Ref);
        return submit;
    }

    /// <summary>The worker is sent the submitted image, whole and in order, with at most the whole timeout to read it.</summary>
    private static void ExpectImage(TestProbe worker, OcrRouting.Submit submit, TimeSpan timeout)
    {
        var start = worker.ExpectMsg<OcrCommands.StartJob>(Soon);
        Assert.Equal((submit.JobId, submit.Options, submit.Image.Length), (start.JobId, start.Options, start.ImageLength));
        Assert.InRange(start.Timeout, timeout - Soon, timeout);
        var received = new List<byte>();
        while (received.Count < submit.Image.Length)
        {
            var chunk = worker.ExpectMsg<OcrCommands.ImageChunk>(Soon);
            Assert.Equal((submit.JobId, received.Count), (chunk.JobId, chunk.Offset));
            received.AddRange(chunk.Data);
        }
        Assert.Equal(submit.Image, received);
    }

    private static OcrReplies.Recognized Answer(IActorRef router, TestProbe worker, OcrRouting.Submit submit)
    {
        var answer = new OcrReplies.Recognized(submit.JobId, new OcrPage($"text of {submit.JobId}", 90, "eng", 10, [], null));
        worker.Send(router, answer);
        return answer;
    }

    [Fact]
    public void The_workers_of_an_ocr_node_that_comes_up_each_get_an_image_while_idle()
    {
        var timeout = TimeSpan.FromSeconds(30);
        var (router, workers) = StartRouter(new OcrRoutingSettings(timeout, QueuePerWorker: 2), workers: 2);
        var (first, second) = (CreateTestProbe(), CreateTestProbe());

        var firstImage = Submit(router, first);
        ExpectImage(workers[0], firstImage, timeout);
        var secondImage = Submit(router, second);
        ExpectImage(workers[1], secondImage, timeout);

        Assert.Equal(Answer(router, workers[1], secondImage), second.ExpectMsg<OcrReplies.Recognized>(Soon));
        Assert.Equal(Answer(router, workers[0], firstImage), first.ExpectMsg<OcrReplies.Recognized>(Soon));
    }

    [Fact]
    public void With_every_worker_busy_an_image_waits_and_past_the_queue_the_answer_is_busy_with_retry_after()
    {
        var timeout = TimeSpan.FromSeconds(30);
        var (router, workers) = StartRouter(new OcrRoutingSettings(timeout, 1), workers: 1);
        var (first, waiting, refused) = (CreateTestProbe(), CreateTestProbe(), CreateTestProbe());

        var firstImage = Submit(router, first);
        ExpectImage(workers[0], firstImage, timeout);
        var waitingImage = Submit(router, waiting);
        Submit(router, refused);

        // Nothing has been read yet, so the estimate starts at 1 s per image: the one waiting plus this one, on one worker.
        Assert.Equal(new OcrRouting.Busy(TimeSpan.FromSeconds(2)), refused.ExpectMsg<OcrRouting.Busy>(Soon));
        // The waiting image is not sent to the busy worker.
        workers[0].ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Equal(Answer(router, workers[0], firstImage), first.ExpectMsg<OcrReplies.Recognized>(Soon));
        ExpectImage(workers[0], waitingImage, timeout);
        Assert.Equal(Answer(router, workers[0], waitingImage), waiting.ExpectMsg<OcrReplies.Recognized>(Soon));
    }

    [Fact]
    public void Images_past_their_deadline_are_answered_timed_out_whether_waiting_or_being_read()
    {
        var timeout = TimeSpan.FromSeconds(1);
        var grace = OcrSchedule<Address, IActorRef, IActorRef, OcrRouting.Submit>.AnswerGrace;
        var (router, workers) = StartRouter(new OcrRoutingSettings(timeout, 1), workers: 1);
        var (reading, waiting) = (CreateTestProbe(), CreateTestProbe());
        var clock = Stopwatch.StartNew();

        var readImage = Submit(router, reading);
        ExpectImage(workers[0], readImage, timeout);
        var waitingImage = Submit(router, waiting);

        var waited = waiting.ExpectMsg<OcrReplies.Failed>(timeout + Soon);
        Assert.True(clock.Elapsed >= timeout, $"the waiting image timed out after {clock.Elapsed}");
        Assert.Equal(new OcrReplies.Failed(waitingImage.JobId, OcrFailure.TimedOut, "every OCR worker stayed busy until the deadline"), waited);

        var read = reading.ExpectMsg<OcrReplies.Failed>(timeout + grace + Soon);
        Assert.True(clock.Elapsed >= timeout + grace, $"the image being read timed out after {clock.Elapsed}");
        Assert.Equal(new OcrReplies.Failed(readImage.JobId, OcrFailure.TimedOut, "the OCR worker did not answer before the deadline"), read);

        // The worker's late answer is not passed on a second time.
        Answer(router, workers[0], readImage);
        reading.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void An_unreachable_node_fails_its_images_in_flight_at_once_and_gets_images_again_once_reachable()
    {
        var timeout = TimeSpan.FromSeconds(30);
        var (router, workers) = StartRouter(new OcrRoutingSettings(timeout, QueuePerWorker: 2), workers: 1);
        var (lost, refused, later) = (CreateTestProbe(), CreateTestProbe(), CreateTestProbe());
        var lostImage = Submit(router, lost);
        ExpectImage(workers[0], lostImage, timeout);

        router.Tell(new ClusterEvent.UnreachableMember(ThisNode));

        Assert.Equal(new OcrRouting.Unavailable("the OCR node reading the image stopped answering"), lost.ExpectMsg<OcrRouting.Unavailable>(Soon));
        Submit(router, refused);
        Assert.Equal(new OcrRouting.Unavailable("no OCR node is available"), refused.ExpectMsg<OcrRouting.Unavailable>(Soon));

        router.Tell(new ClusterEvent.ReachableMember(ThisNode));
        var laterImage = Submit(router, later);
        ExpectImage(workers[0], laterImage, timeout);
        Assert.Equal(Answer(router, workers[0], laterImage), later.ExpectMsg<OcrReplies.Recognized>(Soon));
    }

    [Fact]
    public void A_leaving_node_gets_no_new_images_but_its_answers_still_arrive()
    {
        var timeout = TimeSpan.FromSeconds(30);
        var (router, workers) = StartRouter(new OcrRoutingSettings(timeout, QueuePerWorker: 2), workers: 2);
        var (reading, refused) = (CreateTestProbe(), CreateTestProbe());
        var readImage = Submit(router, reading);
        ExpectImage(workers[0], readImage, timeout);

        router.Tell(new ClusterEvent.MemberLeft(ThisNode.Copy(MemberStatus.Leaving)));

        Submit(router, refused);
        Assert.Equal(new OcrRouting.Unavailable("no OCR node is available"), refused.ExpectMsg<OcrRouting.Unavailable>(Soon));
        workers[1].ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Equal(Answer(router, workers[0], readImage), reading.ExpectMsg<OcrReplies.Recognized>(Soon));
    }

    [Fact]
    public void A_removed_node_fails_its_images_in_flight_and_its_workers_get_no_more()
    {
        var timeout = TimeSpan.FromSeconds(30);
        var (router, workers) = StartRouter(new OcrRoutingSettings(timeout, QueuePerWorker: 2), workers: 1);
        var (lost, refused) = (CreateTestProbe(), CreateTestProbe());
        var lostImage = Submit(router, lost);
        ExpectImage(workers[0], lostImage, timeout);

        router.Tell(new ClusterEvent.MemberRemoved(ThisNode.Copy(MemberStatus.Down).Copy(MemberStatus.Removed), MemberStatus.Down));

        Assert.Equal(new OcrRouting.Unavailable("the OCR node reading the image left the cluster"), lost.ExpectMsg<OcrRouting.Unavailable>(Soon));
        // A worker of a node that is gone introducing itself again is not taken back.
        workers[0].Send(router, new OcrReplies.WorkerReady(["eng"]));
        Submit(router, refused);
        Assert.Equal(new OcrRouting.Unavailable("no OCR node is available"), refused.ExpectMsg<OcrRouting.Unavailable>(Soon));
        workers[0].ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_worker_that_stops_fails_its_image_at_once()
    {
        var timeout = TimeSpan.FromSeconds(30);
        var (router, workers) = StartRouter(new OcrRoutingSettings(timeout, QueuePerWorker: 2), workers: 1);
        var lost = CreateTestProbe();
        var lostImage = Submit(router, lost);
        ExpectImage(workers[0], lostImage, timeout);

        Sys.Stop(workers[0].Ref);

        Assert.Equal(new OcrRouting.Unavailable("the OCR worker reading the image stopped"), lost.ExpectMsg<OcrRouting.Unavailable>(Soon));
    }

    [Fact]
    public void A_language_no_worker_reads_is_refused_with_the_installed_ones()
    {
        var (router, _) = StartRouter(new OcrRoutingSettings(TimeSpan.FromSeconds(30), QueuePerWorker: 2), workers: 1);
        var client = CreateTestProbe();

        router.Tell(new OcrRouting.Submit(OcrJobId.New(), [1, 2, 3], English with { Language = "eng+tlh" }), client.Ref);

        var unknown = client.ExpectMsg<OcrRouting.UnknownLanguage>(Soon);
        Assert.Equal("eng+tlh", unknown.Language);
        Assert.Equal(["deu", "eng"], unknown.Installed);
    }

    /// <summary>A page of about 200 kB serialized: words and renderings of made-up text, so that it needs parts.</summary>
    private static OcrPage LargePage(OcrJobId jobId)
    {
        var words = Enumerable.Range(0, 3000).Select(i => new OcrWord($"word{i}", 90, i, i, 10, 10)).ToList();
        var hocr = string.Concat(words.Select(word => $"<span class='ocrx_word'>{word.Text}</span>"));
        return new OcrPage($"text of {jobId}", 90, "eng", 10, words, null,
            new OcrPageOutputs(1240, 1754, 150, 0, 0, hocr, hocr.Replace("span", "String"), new byte[20_000]));
    }

    [Fact]
    public void A_large_answer_in_parts_reaches_the_client_as_one_recognized_page_and_frees_the_worker()
    {
        var timeout = TimeSpan.FromSeconds(30);
        var (router, workers) = StartRouter(new OcrRoutingSettings(timeout, QueuePerWorker: 2), workers: 1);
        var (client, next) = (CreateTestProbe(), CreateTestProbe());
        var image = Submit(router, client);
        ExpectImage(workers[0], image, timeout);
        var nextImage = Submit(router, next);

        var page = LargePage(image.JobId);
        var parts = OcrPageTransfer.Split(image.JobId, page);
        Assert.True(parts.Count >= 3, $"only {parts.Count} parts");
        Assert.All(parts, part => Assert.IsType<OcrReplies.RecognizedPart>(part));
        // Parts of work this worker is not reading are dropped, and do not disturb the real ones.
        workers[0].Send(router, new OcrReplies.RecognizedPart(OcrJobId.New(), 0, 10, new byte[10]));
        foreach (var part in parts.Take(parts.Count - 1))
            workers[0].Send(router, part);
        client.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        workers[0].Send(router, parts[^1]);

        var recognized = client.ExpectMsg<OcrReplies.Recognized>(Soon);
        Assert.Equal(image.JobId, recognized.JobId);
        Assert.Equal(page.Text, recognized.Page.Text);
        Assert.Equal(page.Words, recognized.Page.Words);
        Assert.Equal(page.Outputs!.Hocr, recognized.Page.Outputs!.Hocr);
        Assert.Equal(page.Outputs.TextLayerPdf, recognized.Page.Outputs.TextLayerPdf);
        // The schedule saw one answer: the worker is free and takes the waiting image.
        ExpectImage(workers[0], nextImage, timeout);
        client.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Parts_out_of_order_fail_the_work_and_free_the_worker()
    {
        var timeout = TimeSpan.FromSeconds(30);
        var (router, workers) = StartRouter(new OcrRoutingSettings(timeout, QueuePerWorker: 2), workers: 1);
        var client = CreateTestProbe();
        var image = Submit(router, client);
        ExpectImage(workers[0], image, timeout);

        var parts = OcrPageTransfer.Split(image.JobId, LargePage(image.JobId));
        workers[0].Send(router, parts[0]);
        workers[0].Send(router, parts[2]);

        var failed = client.ExpectMsg<OcrReplies.Failed>(Soon);
        Assert.Equal((image.JobId, OcrFailure.EngineFailure), (failed.JobId, failed.Reason));
        var later = Submit(router, CreateTestProbe());
        ExpectImage(workers[0], later, timeout);
    }

    [Fact]
    public void Cancelled_waiting_work_is_dropped_silently_and_never_sent_to_a_worker()
    {
        var timeout = TimeSpan.FromSeconds(30);
        var (router, workers) = StartRouter(new OcrRoutingSettings(timeout, QueuePerWorker: 2), workers: 1);
        var (reading, cancelled) = (CreateTestProbe(), CreateTestProbe());
        var readImage = Submit(router, reading);
        ExpectImage(workers[0], readImage, timeout);
        var cancelledImage = Submit(router, cancelled);

        router.Tell(new OcrRouting.Cancel(cancelledImage.JobId), cancelled.Ref);

        Assert.Equal(Answer(router, workers[0], readImage), reading.ExpectMsg<OcrReplies.Recognized>(Soon));
        workers[0].ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        cancelled.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        _pool.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Cancelled_work_being_read_is_stopped_on_its_node_and_its_worker_takes_the_next_work_once_it_answers()
    {
        var timeout = TimeSpan.FromSeconds(30);
        var (router, workers) = StartRouter(new OcrRoutingSettings(timeout, QueuePerWorker: 2), workers: 1);
        var (cancelled, next) = (CreateTestProbe(), CreateTestProbe());
        var cancelledImage = Submit(router, cancelled);
        ExpectImage(workers[0], cancelledImage, timeout);
        var nextImage = Submit(router, next);

        router.Tell(new OcrRouting.Cancel(cancelledImage.JobId), cancelled.Ref);

        Assert.Equal(new OcrCommands.CancelJob(cancelledImage.JobId), _pool.ExpectMsg<OcrCommands.CancelJob>(Soon));
        // Until the worker answers, it may still be reading: the next image waits.
        workers[0].ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        workers[0].Send(router, new OcrReplies.Failed(cancelledImage.JobId, OcrFailure.Cancelled, "the work was cancelled"));
        ExpectImage(workers[0], nextImage, timeout);
        Assert.Equal(Answer(router, workers[0], nextImage), next.ExpectMsg<OcrReplies.Recognized>(Soon));
        cancelled.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    /// <summary>
    /// Stands where an <c>ocr</c> node's worker pool stands, with a child per probe that passes everything on to
    /// it, and passes what is sent to the pool itself on to <paramref name="pool"/>.
    /// </summary>
    private sealed class ProbeWorkers : ReceiveActor
    {
        public ProbeWorkers(IReadOnlyList<IActorRef> probes, IActorRef pool)
        {
            for (var i = 0; i < probes.Count; i++)
            {
                var probe = probes[i];
                Context.ActorOf(Props.Create(() => new PassOn(probe)), $"worker-{i + 1}");
            }
            ReceiveAny(message => pool.Forward(message));
        }
    }

    private sealed class PassOn : ReceiveActor
    {
        public PassOn(IActorRef probe) => ReceiveAny(message => probe.Forward(message));
    }
}
