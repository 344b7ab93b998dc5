using AkkaOcr.Mail;

namespace AkkaOcr.Tests.Mail;

/// <summary>Requests made while a batch runs go together in the next one; each caller gets its own result or the batch's failure.</summary>
public sealed class StatementBatcherTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_caller_alone_is_served_at_once_and_those_arriving_meanwhile_share_the_next_batch()
    {
        var batches = new List<IReadOnlyList<int>>();
        var firstRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batcher = new StatementBatcher<int, string>(async items =>
        {
            lock (batches)
                batches.Add(items);
            if (items.Contains(0))
            {
                firstRunning.SetResult();
                await releaseFirst.Task;
            }
            return items.Select(item => $"result {item}").ToList();
        }, maxBatch: 3);

        var first = batcher.RunAsync(0);
        await firstRunning.Task.WaitAsync(Timeout);
        var later = Enumerable.Range(1, 4).Select(batcher.RunAsync).ToList();
        releaseFirst.SetResult();

        Assert.Equal("result 0", await first.WaitAsync(Timeout));
        Assert.Equal(["result 1", "result 2", "result 3", "result 4"], await Task.WhenAll(later).WaitAsync(Timeout));
        Assert.Equal([[0], [1, 2, 3], [4]], batches.Select(batch => batch.ToArray()));
    }

    [Fact]
    public async Task A_failed_batch_fails_each_of_its_callers_and_the_next_batch_runs()
    {
        var calls = 0;
        var batcher = new StatementBatcher<int, int>(items =>
            Interlocked.Increment(ref calls) == 1
                ? throw new InvalidOperationException("the database is away")
                : Task.FromResult<IReadOnlyList<int>>(items.Select(item => item * 2).ToList()), maxBatch: 10);

        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => batcher.RunAsync(1).WaitAsync(Timeout));

        Assert.Equal("the database is away", failed.Message);
        Assert.Equal(4, await batcher.RunAsync(2).WaitAsync(Timeout));
    }
}
