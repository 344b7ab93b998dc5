namespace AkkaOcr.Jobs;

/// <summary>
/// Bounds the child processes (rasterizer, text reader) a users node runs at once across all its jobs:
/// they are CPU-bound, and a node that started one per page in flight would starve its own entities.
/// </summary>
public sealed class ToolGate(int concurrency) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(concurrency, concurrency);

    public async Task<T> RunAsync<T>(Func<Task<T>> tool, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            return await tool();
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
