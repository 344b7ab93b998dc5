using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using AkkaOcr.Messages.Ocr;

namespace AkkaOcr.Routing;

/// <summary>
/// A gateway's plan of which OCR worker reads what. Work goes only to an idle worker, so a few large
/// pages never pile up behind one worker while others wait; when none is idle it waits in a bounded
/// queue, first come first served, and when that is full the answer is <see cref="OcrRouting.Busy"/> at
/// once. Work in flight on a node that becomes unreachable, or on a worker that stops, is answered at
/// once instead of at the deadline.
/// <para>
/// Pure: every operation takes the time from its caller and returns the next schedule with the
/// <see cref="Effect"/>s to carry out, so the rules are tested without actors or a clock. Generic over
/// how nodes, workers and clients are addressed and over what a unit of work carries. Time is a
/// monotonic clock's reading since any fixed start.
/// </para>
/// </summary>
public sealed partial record OcrSchedule<TNode, TWorker, TClient, TPayload>
    where TNode : notnull
    where TWorker : notnull
{
    /// <summary>How long past its deadline work in flight may stay unanswered before the client is told it timed out.</summary>
    public static readonly TimeSpan AnswerGrace = TimeSpan.FromSeconds(2);

    /// <summary>How long a node that declined work for want of memory gets no more; then it is tried again.</summary>
    public static readonly TimeSpan MemoryBackoff = TimeSpan.FromSeconds(2);

    private const string NoNodeAvailable = "no OCR node is available";

    /// <summary>The most workers a node's introduction is believed to announce (<c>Ocr__Workers</c> allows 256).</summary>
    private const int MaxPoolSize = 256;

    private OcrSchedule(TimeSpan timeout, int queuePerWorker)
    {
        Timeout = timeout;
        QueuePerWorker = queuePerWorker;
    }

    private TimeSpan Timeout { get; }

    private int QueuePerWorker { get; }

    /// <summary>The <c>ocr</c> nodes from up until removed; only their workers are registered.</summary>
    private ImmutableDictionary<TNode, Node> Nodes { get; init; } = ImmutableDictionary<TNode, Node>.Empty;

    private ImmutableDictionary<TWorker, Worker> Workers { get; init; } = ImmutableDictionary<TWorker, Worker>.Empty;

    private ImmutableList<Waiting> Queue { get; init; } = [];

    private ImmutableDictionary<OcrJobId, Running> InFlight { get; init; } = ImmutableDictionary<OcrJobId, Running>.Empty;

    /// <summary>How long a worker takes per image, smoothed; it feeds the Retry-After estimate only.</summary>
    private double AverageJobSeconds { get; init; } = 1;

    private long Registrations { get; init; }

    private int AvailableWorkers => Nodes.Values.Where(node => node.CanTakeWork).Sum(node => node.Workers);

    private bool AnyNodeShortOfMemory => Nodes.Values.Any(node => node.IsServing && node.ShortOfMemorySince is not null);

    public static OcrSchedule<TNode, TWorker, TClient, TPayload> Empty(OcrRoutingSettings settings) =>
        new(settings.Timeout, settings.QueuePerWorker);

    /// <summary>An <c>ocr</c> node is up: its workers are asked to introduce themselves.</summary>
    public Step NodeUp(TNode node) =>
        new(Nodes.ContainsKey(node) ? this : this with { Nodes = Nodes.Add(node, Node.Up) }, [new DescribeWorkers(node)]);

    /// <summary>
    /// A node leaves the cluster: it gets no new work, while the work it has is still answered. Its
    /// workers are forgotten when it is removed.
    /// </summary>
    public Step NodeLeaving(TNode node) =>
        new(Nodes.TryGetValue(node, out var state) ? this with { Nodes = Nodes.SetItem(node, state with { Leaving = true }) } : this, []);

    public Step NodeRemoved(TNode node)
    {
        var effects = new List<Effect>();
        var next = this;
        foreach (var worker in WorkersOn(node))
            next = next.Forget(worker, "the OCR node reading the image left the cluster", effects);
        return new Step(next with { Nodes = next.Nodes.Remove(node) }, effects);
    }

    /// <summary>A node stopped answering: its work in flight is answered now, since its answers may never come.</summary>
    public Step NodeUnreachable(TNode node)
    {
        var effects = new List<Effect>();
        var next = this;
        if (Nodes.TryGetValue(node, out var state))
        {
            next = this with { Nodes = Nodes.SetItem(node, state with { Reachable = false }) };
            foreach (var worker in WorkersOn(node))
                next = next.FailRunningOn(worker, "the OCR node reading the image stopped answering", effects);
        }
        return new Step(next.FailQueueWhenNoWorkerIsLeft(effects), effects);
    }

    public Step NodeReachable(TNode node, TimeSpan now)
    {
        var effects = new List<Effect>();
        var next = Nodes.TryGetValue(node, out var state) ? this with { Nodes = Nodes.SetItem(node, state with { Reachable = true }) } : this;
        return new Step(next.AssignQueued(now, effects), effects);
    }

    /// <summary>Asks again on nodes that have no worker yet, for answers lost while a node was starting.</summary>
    public Step DescribeNodesWithoutWorkers() =>
        new(this, [.. Nodes.Where(node => node.Value.Workers == 0).Select(node => new DescribeWorkers(node.Key))]);

    /// <summary>
    /// A worker introduced itself; one on a node that is not (or no longer) up is ignored. The node's
    /// <paramref name="poolSize"/> counts toward the wait queue's room at once: its other workers introduce
    /// themselves moments later, and work sent in between must not be refused for their want.
    /// </summary>
    /// <param name="engine">What the worker's engine can do; null for Tesseract on the CPU.</param>
    public Step RegisterWorker(TNode node, TWorker worker, IReadOnlyList<string> languages, TimeSpan now, int poolSize = 1, OcrEngineInfo? engine = null)
    {
        if (Workers.ContainsKey(worker) || !Nodes.TryGetValue(node, out var state))
            return new Step(this, []);
        var effects = new List<Effect> { new Watch(worker) };
        var next = this with
        {
            Workers = Workers.Add(worker, new Worker(node, [.. languages], engine ?? OcrEngineInfo.Tesseract, null, null, Registrations)),
            Nodes = Nodes.SetItem(node, state with { Workers = state.Workers + 1, PoolSize = Math.Clamp(poolSize, state.PoolSize, MaxPoolSize) }),
            Registrations = Registrations + 1,
        };
        return new Step(next.AssignQueued(now, effects), effects);
    }

    public Step WorkerStopped(TWorker worker)
    {
        var effects = new List<Effect>();
        return new Step(Forget(worker, "the OCR worker reading the image stopped", effects), effects);
    }

    /// <summary>
    /// The languages some worker of a serving node has installed; a node resting for want of memory still
    /// counts, since it is only briefly out.
    /// </summary>
    public IReadOnlySet<string> InstalledLanguages() =>
        ServingWorkers.SelectMany(worker => worker.Languages).ToHashSet(StringComparer.Ordinal);

    /// <summary>The engines of the serving nodes' workers, each with the languages it reads there.</summary>
    public IReadOnlyList<(OcrEngineInfo Engine, IReadOnlyList<string> Languages)> RunningEngines() =>
        [.. ServingWorkers.GroupBy(worker => worker.Engine)
            .Select(group => (group.Key, (IReadOnlyList<string>)[.. group.SelectMany(worker => worker.Languages).Distinct().Order(StringComparer.Ordinal)]))
            .OrderBy(engine => engine.Key.Name, StringComparer.Ordinal).ThenBy(engine => engine.Key.Device, StringComparer.Ordinal)];

    public Step Submit(OcrWork<TClient, TPayload> work, TimeSpan now)
    {
        var available = AvailableWorkers;
        if (available == 0)
            return Answer(work.Client, AnyNodeShortOfMemory ? new OcrRouting.Busy(MemoryBackoff, OcrRouting.Busy.ShortOfMemory) : new OcrRouting.Unavailable(NoNodeAvailable));
        if (Refusal(work) is { } refusal)
            return Answer(work.Client, refusal);

        var waiting = new Waiting(work, now + Timeout);
        if (TryPickFor(work, IdleWorkers(), out var idle))
        {
            var effects = new List<Effect>();
            return new Step(Assign(waiting, idle, now, effects), effects);
        }
        var room = QueuePerWorker * Nodes.Values.Where(node => node.CanTakeWork && node.Workers > 0).Sum(node => Math.Max(node.Workers, node.PoolSize));
        return Queue.Count < room
            ? new Step(this with { Queue = Queue.Add(waiting) }, [])
            : Answer(work.Client, new OcrRouting.Busy(RetryAfter(available)));
    }

    /// <summary>
    /// A worker's answer goes to its client unless the client was already told the work timed out; either
    /// way the worker is free again and takes the oldest waiting work it can read.
    /// </summary>
    public Step WorkerAnswered(IWithOcrJobId answer, TimeSpan now)
    {
        if (!InFlight.TryGetValue(answer.JobId, out var running))
            return new Step(this, []); // answered already: its worker or node was given up on
        var effects = new List<Effect>();
        if (!running.Answered)
            effects.Add(new Reply(running.Work.Client, answer));
        var next = Release(running) with { AverageJobSeconds = 0.8 * AverageJobSeconds + 0.2 * (now - running.StartedAt).TotalSeconds };
        return new Step(next.AssignQueued(now, effects), effects);
    }

    /// <summary>
    /// A worker did not start work because its node is near its memory limit. The node gets no work for
    /// <see cref="MemoryBackoff"/>; the work, its deadline unchanged, goes first in line to the other nodes.
    /// With no other node to take work at all, the client is told to come back then (<see cref="OcrRouting.Busy"/>)
    /// rather than wait for memory that may not come free before the deadline.
    /// </summary>
    public Step WorkerDeclined(TWorker worker, OcrJobId jobId, TimeSpan now)
    {
        if (!InFlight.TryGetValue(jobId, out var running) || !EqualityComparer<TWorker>.Default.Equals(running.Worker, worker))
            return new Step(this, []);
        var next = Release(running);
        var nodeKey = next.Workers[worker].Node;
        next = next with { Nodes = next.Nodes.SetItem(nodeKey, next.Nodes[nodeKey] with { ShortOfMemorySince = now }) };
        var effects = new List<Effect>();
        if (running.Answered)
            return new Step(next.AssignQueued(now, effects), effects); // timed out or cancelled: no one waits for it
        if (next.AvailableWorkers == 0)
        {
            effects.Add(new Reply(running.Work.Client, new OcrRouting.Busy(MemoryBackoff, OcrRouting.Busy.ShortOfMemory)));
            return new Step(next, effects);
        }
        next = next with { Queue = next.Queue.Insert(0, new Waiting(running.Work, running.Deadline)) };
        return new Step(next.AssignQueued(now, effects), effects);
    }

    /// <summary>Nodes that declined work <see cref="MemoryBackoff"/> ago or more get work again: the queue is handed out.</summary>
    public Step RetryNodesShortOfMemory(TimeSpan now)
    {
        var rested = Nodes.Where(node => node.Value.ShortOfMemorySince is { } since && now - since >= MemoryBackoff).ToList();
        if (rested.Count == 0)
            return new Step(this, []);
        var next = this with { Nodes = Nodes.SetItems(rested.Select(node => KeyValuePair.Create(node.Key, node.Value with { ShortOfMemorySince = null }))) };
        var effects = new List<Effect>();
        return new Step(next.AssignQueued(now, effects), effects);
    }

    /// <summary>Whether <paramref name="node"/> is resting after declining work for want of memory.</summary>
    public bool IsShortOfMemory(TNode node) => Nodes.TryGetValue(node, out var state) && state.ShortOfMemorySince is not null;

    /// <summary>
    /// The client no longer wants the work (its document job was cancelled). Waiting work is dropped; work
    /// in flight is marked answered, so nothing more reaches the client, and its worker is told to stop. The
    /// worker stays busy until it answers, as after a timeout, so it gets no new work while it may still be
    /// reading. Cancelled work gets no answer: the client asked for that.
    /// </summary>
    public Step Cancel(OcrJobId jobId)
    {
        if (Queue.FindIndex(waiting => waiting.Work.JobId == jobId) is var index and >= 0)
            return new Step(this with { Queue = Queue.RemoveAt(index) }, []);
        if (!InFlight.TryGetValue(jobId, out var running) || running.Answered)
            return new Step(this, []);
        return new Step(this with { InFlight = InFlight.SetItem(jobId, running with { Answered = true }) }, [new CancelRunning(running.Worker, jobId)]);
    }

    /// <summary>Whether some worker is reading <paramref name="jobId"/> now.</summary>
    public bool IsInFlight(OcrJobId jobId) => InFlight.ContainsKey(jobId);

    /// <summary>Whether <paramref name="worker"/> is reading <paramref name="jobId"/> now, so that its answer is awaited.</summary>
    public bool IsRunningOn(OcrJobId jobId, TWorker worker) =>
        InFlight.TryGetValue(jobId, out var running) && EqualityComparer<TWorker>.Default.Equals(running.Worker, worker);

    /// <summary>Waiting work past its deadline, and work in flight past its deadline and the grace, are answered as timed out.</summary>
    public Step ExpireDeadlines(TimeSpan now)
    {
        bool Expired(Waiting waiting) => now >= waiting.Deadline;
        var effects = Queue.Where(Expired).Select(Effect (waiting) => new Reply(waiting.Work.Client,
            new OcrReplies.Failed(waiting.Work.JobId, OcrFailure.TimedOut, "every OCR worker stayed busy until the deadline"))).ToList();

        var inFlight = InFlight;
        foreach (var running in InFlight.Values.Where(running => !running.Answered && now >= running.Deadline + AnswerGrace))
        {
            // The worker keeps its work until it answers, so it gets no new work while it may still be busy.
            inFlight = inFlight.SetItem(running.Work.JobId, running with { Answered = true });
            effects.Add(new Reply(running.Work.Client, new OcrReplies.Failed(running.Work.JobId, OcrFailure.TimedOut,
                "the OCR worker did not answer before the deadline")));
        }
        return effects.Count == 0 ? new Step(this, []) : new Step(this with { Queue = Queue.RemoveAll(Expired), InFlight = inFlight }, effects);
    }

    private Step Answer(TClient client, object answer) => new(this, [new Reply(client, answer)]);

    private IEnumerable<TWorker> WorkersOn(TNode node) =>
        Workers.Where(worker => EqualityComparer<TNode>.Default.Equals(worker.Value.Node, node)).Select(worker => worker.Key);

    private IEnumerable<TWorker> IdleWorkers() =>
        Workers.Where(worker => worker.Value.Job is null && Nodes[worker.Value.Node].CanTakeWork).Select(worker => worker.Key);

    /// <summary>Workers on nodes that serve (a node resting for want of memory still counts, since it is only briefly out).</summary>
    private IEnumerable<Worker> ServingWorkers => Workers.Values.Where(worker => Nodes[worker.Node].IsServing);

    /// <summary>
    /// Why no serving worker could ever take <paramref name="work"/>, or null when one can: the engine asked
    /// for runs nowhere, no engine that runs writes the document page asked for, or none of them reads the language.
    /// Each refusal lists what does run, so the client can ask again for something that will be read.
    /// </summary>
    private object? Refusal(OcrWork<TClient, TPayload> work)
    {
        var serving = ServingWorkers.ToList();
        if (work.Engine is { } engine && !serving.Any(worker => worker.Engine.Name == engine))
            return new OcrRouting.UnknownEngine(engine, [.. serving.Select(worker => worker.Engine.Name).Distinct().Order(StringComparer.Ordinal)]);
        var fitting = serving.Where(worker => work.FitsEngine(worker.Engine)).ToList();
        if (fitting.Count == 0)
        {
            var writers = serving.Where(worker => worker.Engine.WritesDocumentPages).Select(worker => worker.Engine.Name).Distinct().Order(StringComparer.Ordinal).ToList();
            return new OcrRouting.OutputUnsupported(work.Engine is { } named
                ? $"the {named} engine does not write a document page's text layer and ALTO; they come from {(writers.Count == 0 ? "an engine no node runs now" : string.Join(" or ", writers))}"
                : "no OCR node runs an engine that writes a document page's text layer and ALTO now");
        }
        if (fitting.Any(worker => work.Language.IsReadableWith(worker.Languages, worker.Engine.DetectsScript)))
            return null;
        var installed = fitting.SelectMany(worker => worker.Languages).ToHashSet(StringComparer.Ordinal);
        return new OcrRouting.UnknownLanguage(work.Language.Text, [.. installed.Order(StringComparer.Ordinal)]);
    }

    /// <summary>
    /// The idle worker that reads the language on the node with the fewest busy workers, so load spreads
    /// across nodes; among equals the one whose last work was assigned longest ago (one that never had
    /// any first), so a light load still reaches every node instead of always the first; then the one
    /// registered first.
    /// </summary>
    private bool TryPickFor(OcrWork<TClient, TPayload> work, IEnumerable<TWorker> idle, [MaybeNullWhen(false)] out TWorker chosen)
    {
        chosen = default;
        var found = false;
        (int BusyOnNode, TimeSpan LastAssignedAt, long Seniority) chosenRank = default;
        foreach (var key in idle)
        {
            var worker = Workers[key];
            if (!work.IsReadableBy(worker.Engine, worker.Languages))
                continue;
            var rank = (Nodes[worker.Node].BusyWorkers, worker.LastAssignedAt ?? TimeSpan.MinValue, worker.Seniority);
            if (!found || rank.CompareTo(chosenRank) < 0)
                (chosen, chosenRank, found) = (key, rank, true);
        }
        return found;
    }

    private OcrSchedule<TNode, TWorker, TClient, TPayload> Assign(Waiting waiting, TWorker key, TimeSpan now, List<Effect> effects)
    {
        var worker = Workers[key];
        var node = Nodes[worker.Node];
        effects.Add(new Dispatch(key, waiting.Work, waiting.Deadline - now));
        return this with
        {
            Workers = Workers.SetItem(key, worker with { Job = waiting.Work.JobId, LastAssignedAt = now }),
            Nodes = Nodes.SetItem(worker.Node, node with { BusyWorkers = node.BusyWorkers + 1 }),
            InFlight = InFlight.SetItem(waiting.Work.JobId, new Running(waiting.Work, waiting.Deadline, key, now, false)),
        };
    }

    /// <summary>Hands waiting work, oldest first, to the idle workers that can read it.</summary>
    private OcrSchedule<TNode, TWorker, TClient, TPayload> AssignQueued(TimeSpan now, List<Effect> effects)
    {
        var idle = IdleWorkers().ToList();
        if (idle.Count == 0 || Queue.IsEmpty)
            return this;
        var next = this;
        var stillWaiting = ImmutableList.CreateBuilder<Waiting>();
        foreach (var waiting in Queue)
        {
            if (next.TryPickFor(waiting.Work, idle, out var chosen))
            {
                idle.Remove(chosen);
                next = next.Assign(waiting, chosen, now, effects);
            }
            else
                stillWaiting.Add(waiting);
        }
        return next with { Queue = stillWaiting.ToImmutable() };
    }

    private OcrSchedule<TNode, TWorker, TClient, TPayload> Forget(TWorker key, string reason, List<Effect> effects)
    {
        if (!Workers.TryGetValue(key, out var worker))
            return this;
        effects.Add(new Unwatch(key));
        var next = FailRunningOn(key, reason, effects);
        var node = next.Nodes[worker.Node];
        return (next with
        {
            Workers = next.Workers.Remove(key),
            // A worker stopped for good leaves its pool smaller: it no longer counts toward the queue's room.
            Nodes = next.Nodes.SetItem(worker.Node, node with { Workers = node.Workers - 1, PoolSize = Math.Min(node.PoolSize, node.Workers - 1) }),
        }).FailQueueWhenNoWorkerIsLeft(effects);
    }

    private OcrSchedule<TNode, TWorker, TClient, TPayload> FailRunningOn(TWorker key, string reason, List<Effect> effects)
    {
        if (Workers[key].Job is not { } jobId || !InFlight.TryGetValue(jobId, out var running))
            return this;
        if (!running.Answered)
            effects.Add(new Reply(running.Work.Client, new OcrRouting.Unavailable(reason)));
        return Release(running);
    }

    private OcrSchedule<TNode, TWorker, TClient, TPayload> Release(Running running)
    {
        var worker = Workers[running.Worker];
        var node = Nodes[worker.Node];
        return this with
        {
            InFlight = InFlight.Remove(running.Work.JobId),
            Workers = Workers.SetItem(running.Worker, worker with { Job = null }),
            Nodes = Nodes.SetItem(worker.Node, node with { BusyWorkers = node.BusyWorkers - 1 }),
        };
    }

    /// <summary>Waiting for a worker that cannot come back before the deadline helps no one: answer now.</summary>
    private OcrSchedule<TNode, TWorker, TClient, TPayload> FailQueueWhenNoWorkerIsLeft(List<Effect> effects)
    {
        if (AvailableWorkers > 0 || Queue.IsEmpty)
            return this;
        effects.AddRange(Queue.Select(waiting => new Reply(waiting.Work.Client, new OcrRouting.Unavailable(NoNodeAvailable))));
        return this with { Queue = [] };
    }

    private TimeSpan RetryAfter(int availableWorkers) =>
        TimeSpan.FromSeconds(Math.Clamp(Math.Ceiling(AverageJobSeconds * (Queue.Count + 1) / Math.Max(1, availableWorkers)), 1, 30));

    /// <summary>The schedule after an operation, and what must happen for it.</summary>
    public sealed record Step(OcrSchedule<TNode, TWorker, TClient, TPayload> Schedule, IReadOnlyList<Effect> Effects);

    /// <remarks>Busy workers are counted here, per node, because every placement compares nodes by them.</remarks>
    /// <param name="ShortOfMemorySince">When the node last declined work for want of memory, until it is tried again.</param>
    /// <param name="PoolSize">The most workers the node said it runs; those not yet introduced count toward the queue's room.</param>
    private sealed record Node(int Workers, int BusyWorkers, bool Reachable, bool Leaving, TimeSpan? ShortOfMemorySince = null, int PoolSize = 0)
    {
        public static readonly Node Up = new(0, 0, true, false);

        /// <summary>In the cluster and not on its way out.</summary>
        public bool IsServing => Reachable && !Leaving;

        public bool CanTakeWork => IsServing && ShortOfMemorySince is null;
    }

    /// <param name="Seniority">Registration order, the last tie-break, so placement never depends on hashing.</param>
    private sealed record Worker(TNode Node, ImmutableHashSet<string> Languages, OcrEngineInfo Engine, OcrJobId? Job, TimeSpan? LastAssignedAt, long Seniority);

    private sealed record Waiting(OcrWork<TClient, TPayload> Work, TimeSpan Deadline);

    /// <param name="Answered">The client was already told the work timed out; the worker's late answer is dropped.</param>
    private sealed record Running(OcrWork<TClient, TPayload> Work, TimeSpan Deadline, TWorker Worker, TimeSpan StartedAt, bool Answered);
}
