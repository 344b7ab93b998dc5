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

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) =>
        builder.AddAkkaOcrCluster(new AkkaSettings
        {
            Hostname = "127.0.0.1",
            Port = _port,
            SeedNodes = [$"akka.tcp://{ClusterHosting.ActorSystemName}@127.0.0.1:{_port}"],
            Roles = [ClusterRoles.Gateway, ClusterRoles.Ocr],
        });

    private Member ThisNode => Akka.Cluster.Cluster.Get(Sys).SelfMember;

    /// <summary>
    /// The router, and this node's workers: probes behind the path where the router looks for workers,
    /// each answering the router's question once it comes, which is when the cluster reports the node up.
    /// </summary>
    private (IActorRef Router, TestProbe[] Workers) StartRouter(OcrRoutingSettings settings, int workers)
    {
        var probes = Enumerable.Range(0, workers).Select(_ => CreateTestProbe()).ToArray();
        var refs = probes.Select(probe => probe.Ref).ToList();
        var pool = Sys.ActorOf(Props.Create(() => new ProbeWorkers(refs)), OcrWorkerContract.ParentName);
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

    /// <summary>Stands where an <c>ocr</c> node's worker pool stands, with a child per probe that passes everything on to it.</summary>
    private sealed class ProbeWorkers : ReceiveActor
    {
        public ProbeWorkers(IReadOnlyList<IActorRef> probes)
        {
            for (var i = 0; i < probes.Count; i++)
            {
                var probe = probes[i];
                Context.ActorOf(Props.Create(() => new PassOn(probe)), $"worker-{i + 1}");
            }
        }
    }

    private sealed class PassOn : ReceiveActor
    {
        public PassOn(IActorRef probe) => ReceiveAny(message => probe.Forward(message));
    }
}
