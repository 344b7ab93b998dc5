using AkkaOcr.Messages.Ocr;

namespace AkkaOcr.Ocr.Workers;

/// <summary>
/// The node's jobs being read, by id, so that a <see cref="OcrCommands.CancelJob"/> handled by the worker pool
/// reaches a worker that is busy inside the engine on its own thread. A cancellation that comes before its
/// job started (the pool and the worker have mailboxes of their own, so it can) is remembered, a bounded
/// number of them, and the job stops as it starts.
/// </summary>
public sealed class OcrCancellations
{
    /// <summary>Far more than jobs a node is sent at once; an early cancellation of work that never came is dropped past this.</summary>
    private const int RememberedEarly = 1024;

    private readonly Lock _gate = new();
    private readonly Dictionary<OcrJobId, CancellationTokenSource> _running = [];
    private readonly HashSet<OcrJobId> _early = [];
    private readonly Queue<OcrJobId> _earlyOrder = new();

    /// <summary>The token a job is read with; it is cancelled already when the job's cancellation came first.</summary>
    public CancellationToken Begin(OcrJobId job)
    {
        var source = new CancellationTokenSource();
        lock (_gate)
        {
            if (_early.Remove(job))
                source.Cancel();
            _running[job] = source;
        }
        return source.Token;
    }

    public void End(OcrJobId job)
    {
        CancellationTokenSource? source;
        lock (_gate)
            _running.Remove(job, out source);
        source?.Dispose();
    }

    /// <summary>Stops <paramref name="job"/> if it is being read, or as soon as it starts.</summary>
    public void Cancel(OcrJobId job)
    {
        lock (_gate)
        {
            if (_running.TryGetValue(job, out var source))
            {
                source.Cancel();
                return;
            }
            if (!_early.Add(job))
                return;
            _earlyOrder.Enqueue(job);
            while (_earlyOrder.Count > RememberedEarly)
                _early.Remove(_earlyOrder.Dequeue());
        }
    }
}
