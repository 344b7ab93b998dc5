using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using AkkaOcr.Messages.Ocr;
using AkkaOcr.ServiceDefaults.Cluster;

namespace AkkaOcr.Gateway.Ocr.Routing;

/// <summary>
/// A gateway's view of every OCR worker in the cluster. A job goes only to an idle worker, so a few
/// large pages never pile up behind one worker while others wait; when none is idle the job waits in
/// a bounded queue, and when that is full the answer is 429 at once. Workers are found through cluster
/// membership: each <c>ocr</c> node that comes up is asked for its workers, and a node that becomes
/// unreachable fails its jobs in flight fast, instead of at the deadline.
/// </summary>
public sealed class OcrRouter : ReceiveActor, IWithTimers
{
    public const string Name = "ocr-router";

    /// <summary>How long past its deadline a job in flight may stay unanswered before the client is told it timed out.</summary>
    private static readonly TimeSpan AnswerGrace = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan DiscoveryInterval = TimeSpan.FromSeconds(3);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly OcrGatewaySettings _settings;
    private readonly Dictionary<IActorRef, WorkerState> _workers = [];
    private readonly HashSet<Address> _ocrNodes = [];
    private readonly LinkedList<PendingJob> _queue = [];
    private readonly Dictionary<OcrJobId, RunningJob> _running = [];
    private double _averageJobSeconds = 1;

    public OcrRouter(OcrGatewaySettings settings)
    {
        _settings = settings;

        Receive<OcrRouting.Submit>(Accept);
        Receive<OcrReplies.WorkerReady>(Register);
        Receive<OcrReplies.Recognized>(recognized => Finish(recognized.JobId, recognized));
        Receive<OcrReplies.Failed>(failed => Finish(failed.JobId, failed));
        Receive<Tick>(_ => ExpireDeadlines());
        Receive<Discover>(_ => DescribeNodesWithoutWorkers());
        Receive<Terminated>(terminated => Forget(terminated.ActorRef, "the OCR worker reading the image stopped"));
        Receive<ClusterEvent.MemberUp>(up => { if (IsOcr(up.Member)) { _ocrNodes.Add(up.Member.Address); Describe(up.Member.Address); } });
        Receive<ClusterEvent.MemberLeft>(left => StopAssigning(left.Member));
        Receive<ClusterEvent.MemberExited>(exited => StopAssigning(exited.Member));
        Receive<ClusterEvent.MemberRemoved>(removed => RemoveNode(removed.Member.Address));
        Receive<ClusterEvent.UnreachableMember>(unreachable => SetReachable(unreachable.Member.Address, false));
        Receive<ClusterEvent.ReachableMember>(reachable => SetReachable(reachable.Member.Address, true));
        Receive<ClusterEvent.IMemberEvent>(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(OcrGatewaySettings settings) => Akka.Actor.Props.Create(() => new OcrRouter(settings));

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
        Timers.StartPeriodicTimer(nameof(Tick), Tick.Instance, TickInterval);
        Timers.StartPeriodicTimer(nameof(Discover), Discover.Instance, DiscoveryInterval);
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private int AvailableWorkers => _workers.Values.Count(worker => worker.CanTakeWork);

    private void Accept(OcrRouting.Submit job)
    {
        if (AvailableWorkers == 0)
        {
            Sender.Tell(new OcrRouting.Unavailable("no OCR node is available"));
            return;
        }
        var installed = _workers.Values.Where(worker => worker.CanTakeWork).SelectMany(worker => worker.Languages)
            .Distinct().Order(StringComparer.Ordinal).ToList();
        if (job.Options.Language.Split('+').Any(language => !installed.Contains(language)))
        {
            Sender.Tell(new OcrRouting.UnknownLanguage(job.Options.Language, installed));
            return;
        }

        var pending = new PendingJob(job, Sender, Stopwatch.GetTimestamp());
        if (IdleWorkerFor(job.Options.Language) is { } worker)
            Assign(pending, worker);
        else if (_queue.Count < _settings.QueuePerWorker * AvailableWorkers)
            _queue.AddLast(pending);
        else
            Sender.Tell(new OcrRouting.Busy(RetryAfter()));
    }

    /// <summary>
    /// An idle worker on the node with the fewest busy workers, so load spreads across nodes; among equals
    /// the one idle longest, so that a light load still reaches every node instead of always the first.
    /// </summary>
    private WorkerState? IdleWorkerFor(string language)
    {
        var parts = language.Split('+');
        return _workers.Values
            .Where(worker => worker is { CanTakeWork: true, Job: null } && parts.All(worker.Languages.Contains))
            .OrderBy(worker => _workers.Values.Count(other => other.Address == worker.Address && other.Job is not null))
            .ThenBy(worker => worker.LastAssignedAt)
            .FirstOrDefault();
    }

    private void Assign(PendingJob pending, WorkerState worker)
    {
        var left = _settings.Timeout - Stopwatch.GetElapsedTime(pending.ReceivedAt);
        var image = pending.Job.Image;
        worker.Job = pending.Job.JobId;
        worker.LastAssignedAt = Stopwatch.GetTimestamp();
        _running[pending.Job.JobId] = new RunningJob(pending, worker, Stopwatch.GetTimestamp());
        ImageTransfer.Send(worker.Ref, new OcrCommands.StartJob(pending.Job.JobId, pending.Job.Options, image.Length, left), image, Self);
    }

    private void Finish(OcrJobId jobId, IWithOcrJobId answer)
    {
        if (!_running.Remove(jobId, out var running))
            return; // answered already: timed out, or its node was given up on
        running.Worker.Job = null;
        var seconds = Stopwatch.GetElapsedTime(running.StartedAt).TotalSeconds;
        _averageJobSeconds = 0.8 * _averageJobSeconds + 0.2 * seconds;
        if (!running.Answered)
            running.Pending.ReplyTo.Tell(answer);
        AssignQueued();
    }

    private void AssignQueued()
    {
        for (var node = _queue.First; node is not null;)
        {
            var next = node.Next;
            if (IdleWorkerFor(node.Value.Job.Options.Language) is { } worker)
            {
                _queue.Remove(node);
                Assign(node.Value, worker);
            }
            node = next;
        }
    }

    private void ExpireDeadlines()
    {
        for (var node = _queue.First; node is not null;)
        {
            var next = node.Next;
            if (Stopwatch.GetElapsedTime(node.Value.ReceivedAt) >= _settings.Timeout)
            {
                _queue.Remove(node);
                node.Value.ReplyTo.Tell(new OcrReplies.Failed(node.Value.Job.JobId, OcrFailure.TimedOut,
                    "every OCR worker stayed busy until the deadline"));
            }
            node = next;
        }
        foreach (var running in _running.Values.Where(job => !job.Answered && Stopwatch.GetElapsedTime(job.Pending.ReceivedAt) >= _settings.Timeout + AnswerGrace))
        {
            // The worker keeps its job until it answers, so it gets no new work while it may still be busy.
            running.Answered = true;
            running.Pending.ReplyTo.Tell(new OcrReplies.Failed(running.Pending.Job.JobId, OcrFailure.TimedOut,
                "the OCR worker did not answer before the deadline"));
        }
    }

    private void Register(OcrReplies.WorkerReady ready)
    {
        var node = NodeOf(Sender);
        if (_workers.ContainsKey(Sender) || !_ocrNodes.Contains(node))
            return;
        _workers[Sender] = new WorkerState(Sender, node, ready.Languages);
        Context.Watch(Sender);
        _log.Info("OCR worker {Worker} joined ({Languages})", Sender.Path, string.Join(", ", ready.Languages));
        AssignQueued();
    }

    private void Describe(Address node) =>
        Context.ActorSelection(new RootActorPath(node) / "user" / OcrWorkerContract.ParentName / "*").Tell(OcrQueries.DescribeWorker.Instance);

    private void DescribeNodesWithoutWorkers()
    {
        foreach (var node in _ocrNodes.Where(node => _workers.Values.All(worker => worker.Address != node)))
            Describe(node);
    }

    private void StopAssigning(Member member)
    {
        foreach (var worker in _workers.Values.Where(worker => worker.Address == member.Address))
            worker.Leaving = true;
    }

    private void SetReachable(Address node, bool reachable)
    {
        foreach (var worker in _workers.Values.Where(worker => worker.Address == node))
        {
            worker.Reachable = reachable;
            if (!reachable)
                FailRunningOn(worker, "the OCR node reading the image stopped answering");
        }
        if (reachable)
            AssignQueued();
        else
            FailQueueWhenNoWorkerIsLeft();
    }

    private void RemoveNode(Address node)
    {
        _ocrNodes.Remove(node);
        foreach (var worker in _workers.Values.Where(worker => worker.Address == node).ToList())
            Forget(worker.Ref, "the OCR node reading the image left the cluster");
    }

    private void Forget(IActorRef workerRef, string reason)
    {
        if (!_workers.Remove(workerRef, out var worker))
            return;
        Context.Unwatch(workerRef);
        FailRunningOn(worker, reason);
        FailQueueWhenNoWorkerIsLeft();
    }

    /// <summary>Waiting for a worker that cannot come back before the deadline helps no one: answer 503 now.</summary>
    private void FailQueueWhenNoWorkerIsLeft()
    {
        if (AvailableWorkers > 0)
            return;
        foreach (var pending in _queue)
            pending.ReplyTo.Tell(new OcrRouting.Unavailable("no OCR node is available"));
        _queue.Clear();
    }

    private void FailRunningOn(WorkerState worker, string reason)
    {
        if (worker.Job is not { } jobId || !_running.Remove(jobId, out var running))
            return;
        worker.Job = null;
        if (!running.Answered)
            running.Pending.ReplyTo.Tell(new OcrRouting.Unavailable(reason));
    }

    private TimeSpan RetryAfter() =>
        TimeSpan.FromSeconds(Math.Clamp(Math.Ceiling(_averageJobSeconds * (_queue.Count + 1) / Math.Max(1, AvailableWorkers)), 1, 30));

    /// <summary>The cluster address of a worker's node; a worker in this process has a local-only path address.</summary>
    private Address NodeOf(IActorRef worker) =>
        worker.Path.Address.HasLocalScope ? _cluster.SelfAddress : worker.Path.Address;

    private static bool IsOcr(Member member) => member.HasRole(ClusterRoles.Ocr);

    private sealed record PendingJob(OcrRouting.Submit Job, IActorRef ReplyTo, long ReceivedAt);

    private sealed class RunningJob(PendingJob pending, WorkerState worker, long startedAt)
    {
        public PendingJob Pending { get; } = pending;
        public WorkerState Worker { get; } = worker;
        public long StartedAt { get; } = startedAt;
        public bool Answered { get; set; }
    }

    private sealed class WorkerState(IActorRef workerRef, Address address, IReadOnlyList<string> languages)
    {
        public IActorRef Ref { get; } = workerRef;
        public Address Address { get; } = address;
        public IReadOnlyList<string> Languages { get; } = languages;
        public OcrJobId? Job { get; set; }
        public long LastAssignedAt { get; set; }
        public bool Reachable { get; set; } = true;
        public bool Leaving { get; set; }
        public bool CanTakeWork => Reachable && !Leaving;
    }

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }

    private sealed class Discover
    {
        public static readonly Discover Instance = new();
    }
}
