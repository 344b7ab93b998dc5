using Akka.Actor;
using Akka.Event;
using AkkaOcr.Documents.Storage;
using AkkaOcr.Messages.Jobs;

namespace AkkaOcr.Jobs;

/// <summary>
/// One per cluster (a singleton on <c>users</c> nodes). Entities of running jobs live only in memory; when a
/// node is lost, or the whole cluster restarts, nobody would wake them again. So every sweep the keeper
/// wakes each unfinished job (an entity already running ignores it), deletes jobs past their retention,
/// and removes documents that no job took.
/// </summary>
public sealed class JobKeeper : ReceiveActor, IWithTimers
{
    public const string Name = "ocr-job-keeper";

    /// <summary>How long an upload's document may wait for its job before it counts as abandoned.</summary>
    private static readonly TimeSpan OrphanAfter = TimeSpan.FromHours(1);

    private const int BatchSize = 1000;

    private readonly ILoggingAdapter _log = Context.GetLogger();

    public JobKeeper(JobStore store, IActorRef jobs, JobSettings settings, TimeProvider clock)
    {
        Receive<Sweep>(_ => SweepAsync(store, jobs, settings, clock).PipeTo(Self,
            success: () => Swept.Instance,
            failure: e => new SweepFailed(e.GetBaseException().GetType().Name)));
        Receive<Swept>(_ => { });
        Receive<SweepFailed>(failed => _log.Warning("Job sweep failed ({Error}); the next one tries again", failed.Error));
        Timers.StartPeriodicTimer(nameof(Sweep), Sweep.Instance, TimeSpan.FromSeconds(1), settings.JobSweepInterval);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(JobStore store, IActorRef jobs, JobSettings settings, TimeProvider clock) =>
        Akka.Actor.Props.Create(() => new JobKeeper(store, jobs, settings, clock));

    private static async Task SweepAsync(JobStore store, IActorRef jobs, JobSettings settings, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        foreach (var jobId in await store.UnfinishedAsync(BatchSize, CancellationToken.None))
            jobs.Tell(new JobCommands.Resume(jobId));
        foreach (var jobId in await store.ExpiredAsync(now - settings.JobRetention, BatchSize, CancellationToken.None))
            jobs.Tell(new JobCommands.Expire(jobId));
        await store.DeleteOrphanDocumentsAsync(now - OrphanAfter, CancellationToken.None);
    }

    private sealed class Sweep
    {
        public static readonly Sweep Instance = new();
    }

    private sealed class Swept
    {
        public static readonly Swept Instance = new();
    }

    private sealed record SweepFailed(string Error);
}
