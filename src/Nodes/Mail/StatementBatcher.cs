namespace AkkaOcr.Mail;

/// <summary>
/// Runs what many callers ask for one at a time as few statements: while one batch runs, the requests that
/// arrive wait and go together in the next (as PostgreSQL's group commit does for commits). A caller alone
/// is served at once, so nothing waits for a batch to fill; under load, round trips and commits shrink by
/// the number of callers. A batch carries at most the size given; each statement is bounded by its command timeout.
/// </summary>
public sealed class StatementBatcher<TItem, TResult>
{
    private readonly Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> _execute;
    private readonly int _maxBatch;
    private readonly Lock _gate = new();
    private readonly Queue<(TItem Item, TaskCompletionSource<TResult> Done)> _waiting = new();
    private bool _running;

    /// <param name="execute">Runs one batch; returns one result per item, in the items' order.</param>
    /// <param name="maxBatch">The most items one batch carries.</param>
    public StatementBatcher(Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> execute, int maxBatch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBatch);
        _execute = execute;
        _maxBatch = maxBatch;
    }

    public Task<TResult> RunAsync(TItem item)
    {
        var done = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool start;
        lock (_gate)
        {
            _waiting.Enqueue((item, done));
            start = !_running;
            _running = true;
        }
        // The runner ends as soon as nothing waits, so no loop outlives the requests it serves.
        if (start)
            _ = Task.Run(RunBatchesAsync);
        return done.Task;
    }

    private async Task RunBatchesAsync()
    {
        while (true)
        {
            var batch = new List<(TItem Item, TaskCompletionSource<TResult> Done)>();
            lock (_gate)
            {
                while (batch.Count < _maxBatch && _waiting.TryDequeue(out var waiting))
                    batch.Add(waiting);
                if (batch.Count == 0)
                {
                    _running = false;
                    return;
                }
            }
            try
            {
                var results = await _execute(batch.ConvertAll(waiting => waiting.Item));
                if (results.Count != batch.Count)
                    throw new InvalidOperationException($"a batch of {batch.Count} gave {results.Count} results");
                for (var i = 0; i < batch.Count; i++)
                    batch[i].Done.TrySetResult(results[i]);
            }
            catch (Exception e)
            {
                foreach (var (_, done) in batch)
                    done.TrySetException(e);
            }
        }
    }
}
