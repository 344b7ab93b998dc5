using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using AkkaOcr.Messages.Ocr;
using AkkaOcr.ServiceDefaults.Cluster;
using Schedule = AkkaOcr.Routing.OcrSchedule<Akka.Actor.Address, Akka.Actor.IActorRef, Akka.Actor.IActorRef, AkkaOcr.Routing.OcrRouting.Submit>;

namespace AkkaOcr.Routing;

/// <summary>
/// A gateway's view of every OCR worker in the cluster. Workers are found through cluster membership:
/// each <c>ocr</c> node that comes up is asked for its workers. Which worker reads what, the wait
/// queue and the deadlines are the <see cref="OcrSchedule{TNode, TWorker, TClient, TPayload}"/>'s; this
/// actor feeds it membership, answers and the time, and carries out what it decides. A worker's answer too
/// large for one remoting frame comes in parts; they are put together here, only for work the sending
/// worker has in flight, and the whole is handed to the schedule as the one answer.
/// </summary>
public sealed class OcrRouter : ReceiveActor, IWithTimers
{
    public const string Name = "ocr-router";

    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan DiscoveryInterval = TimeSpan.FromSeconds(3);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Dictionary<OcrJobId, RecognizedParts> _arriving = [];
    private Schedule _schedule;

    public OcrRouter(OcrRoutingSettings settings)
    {
        _schedule = Schedule.Empty(settings);

        Receive<OcrRouting.Submit>(submit => Perform(_schedule.Submit(new OcrWork<IActorRef, OcrRouting.Submit>(
            submit.JobId, new WorkOwner(submit.JobId.ToString()), LanguageSpec.Parse(submit.Options.Language), Sender, submit,
            submit.Options.Engine, submit.Options.PageOutputs), Now)));
        Receive<OcrReplies.WorkerReady>(Register);
        Receive<OcrRouting.ListLanguages>(_ => Sender.Tell(new OcrRouting.Languages([.. _schedule.InstalledLanguages().Order(StringComparer.Ordinal)],
            _schedule.RunningEngines())));
        Receive<OcrReplies.Recognized>(recognized => Perform(_schedule.WorkerAnswered(recognized, Now)));
        Receive<OcrReplies.Failed>(failed => Perform(_schedule.WorkerAnswered(failed, Now)));
        Receive<OcrReplies.Declined>(Declined);
        Receive<OcrReplies.RecognizedPart>(Arrive);
        Receive<OcrRouting.Cancel>(cancel => Perform(_schedule.Cancel(cancel.JobId)));
        Receive<Tick>(_ =>
        {
            Perform(_schedule.ExpireDeadlines(Now));
            Perform(_schedule.RetryNodesShortOfMemory(Now));
        });
        Receive<Discover>(_ => Perform(_schedule.DescribeNodesWithoutWorkers()));
        Receive<Terminated>(terminated => Perform(_schedule.WorkerStopped(terminated.ActorRef)));
        Receive<ClusterEvent.MemberUp>(up => { if (up.Member.HasRole(ClusterRoles.Ocr)) Perform(_schedule.NodeUp(up.Member.Address)); });
        Receive<ClusterEvent.MemberLeft>(left => Perform(_schedule.NodeLeaving(left.Member.Address)));
        Receive<ClusterEvent.MemberExited>(exited => Perform(_schedule.NodeLeaving(exited.Member.Address)));
        Receive<ClusterEvent.MemberRemoved>(removed => Perform(_schedule.NodeRemoved(removed.Member.Address)));
        Receive<ClusterEvent.UnreachableMember>(unreachable => Perform(_schedule.NodeUnreachable(unreachable.Member.Address)));
        Receive<ClusterEvent.ReachableMember>(reachable => Perform(_schedule.NodeReachable(reachable.Member.Address, Now)));
        Receive<ClusterEvent.IMemberEvent>(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(OcrRoutingSettings settings) => Akka.Actor.Props.Create(() => new OcrRouter(settings));

    private TimeSpan Now => _clock.Elapsed;

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
        Timers.StartPeriodicTimer(nameof(Tick), Tick.Instance, TickInterval);
        Timers.StartPeriodicTimer(nameof(Discover), Discover.Instance, DiscoveryInterval);
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void Register(OcrReplies.WorkerReady ready)
    {
        var step = _schedule.RegisterWorker(NodeOf(Sender), Sender, ready.Languages, Now, ready.PoolSize, ready.EngineOrDefault);
        if (step.Effects.Any(effect => effect is Schedule.Watch))
            _log.Info("OCR worker {Worker} joined: {Engine}, reading {Languages}", Sender.Path, ready.EngineOrDefault, string.Join(", ", ready.Languages));
        Perform(step);
    }

    private void Declined(OcrReplies.Declined declined)
    {
        var node = NodeOf(Sender);
        if (!_schedule.IsShortOfMemory(node))
            _log.Warning("OCR node {Node} declined an image ({Reason}); it gets no work for {Backoff}", node, declined.Reason, Schedule.MemoryBackoff);
        Perform(_schedule.WorkerDeclined(Sender, declined.JobId, Now));
    }

    /// <summary>
    /// Puts a large answer together. A part of work the worker does not have in flight (answered already, or
    /// never its) is dropped; a part out of order fails the work, as an image arriving out of order does.
    /// </summary>
    private void Arrive(OcrReplies.RecognizedPart part)
    {
        if (!_schedule.IsRunningOn(part.JobId, Sender))
            return;
        if (!_arriving.TryGetValue(part.JobId, out var parts))
        {
            if (RecognizedParts.Start(part) is not { } started)
            {
                Perform(_schedule.WorkerAnswered(Damaged(part.JobId), Now));
                return;
            }
            _arriving[part.JobId] = parts = started;
        }
        if (!parts.Add(part))
        {
            _arriving.Remove(part.JobId);
            Perform(_schedule.WorkerAnswered(Damaged(part.JobId), Now));
            return;
        }
        if (!parts.IsComplete)
            return;
        _arriving.Remove(part.JobId);
        Perform(_schedule.WorkerAnswered(parts.TryJoin(part.JobId, out var recognized) ? recognized : Damaged(part.JobId), Now));
    }

    private static OcrReplies.Failed Damaged(OcrJobId jobId) =>
        new(jobId, OcrFailure.EngineFailure, "the OCR worker's answer arrived damaged");

    private void Perform(Schedule.Step step)
    {
        _schedule = step.Schedule;
        foreach (var effect in step.Effects)
        {
            switch (effect)
            {
                case Schedule.Dispatch(var worker, var work, var timeLeft):
                    var image = work.Payload.Image;
                    ImageTransfer.Send(worker, new OcrCommands.StartJob(work.JobId, work.Payload.Options, image.Length, timeLeft), image, Self);
                    break;
                case Schedule.Reply(var client, var answer):
                    client.Tell(answer);
                    break;
                case Schedule.Watch(var worker):
                    Context.Watch(worker);
                    break;
                case Schedule.Unwatch(var worker):
                    Context.Unwatch(worker);
                    break;
                case Schedule.DescribeWorkers(var node):
                    Context.ActorSelection(new RootActorPath(node) / "user" / OcrWorkerContract.ParentName / "*").Tell(OcrQueries.DescribeWorker.Instance);
                    break;
                case Schedule.CancelRunning(var worker, var jobId):
                    Context.ActorSelection(worker.Path.Root / "user" / OcrWorkerContract.ParentName).Tell(new OcrCommands.CancelJob(jobId));
                    break;
                default:
                    throw new InvalidOperationException($"the OCR router cannot perform {effect.GetType().Name}");
            }
        }
        // Parts of work the schedule gave up on (its worker or node lost) will never be needed.
        if (_arriving.Count > 0)
            foreach (var jobId in _arriving.Keys.Where(jobId => !_schedule.IsInFlight(jobId)).ToList())
                _arriving.Remove(jobId);
    }

    /// <summary>The cluster address of a worker's node; a worker in this process has a local-only path address.</summary>
    private Address NodeOf(IActorRef worker) =>
        worker.Path.Address.HasLocalScope ? _cluster.SelfAddress : worker.Path.Address;

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }

    private sealed class Discover
    {
        public static readonly Discover Instance = new();
    }
}
