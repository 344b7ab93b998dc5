using System.Collections.Concurrent;

namespace AkkaOcr.LoadDriver;

/// <summary>Every request of a run, in the order they ended; safe to add to from many flows at once.</summary>
public sealed class RequestLog
{
    private readonly ConcurrentQueue<RequestRecord> _records = new();
    private long _sequence;

    public IReadOnlyList<RequestRecord> Records => _records.ToArray();

    public int Count => _records.Count;

    public IReadOnlyList<RequestRecord> Failures => _records.Where(record => !record.Succeeded).ToArray();

    internal long NextSequence() => Interlocked.Increment(ref _sequence);

    internal void Add(RequestRecord record) => _records.Enqueue(record);

    /// <summary>A code that never arrived fails its flow like a failed request, so it is kept the same way.</summary>
    internal void AddMissingMail(string account, TimeSpan waited) =>
        Add(new RequestRecord(NextSequence(), "mail", account, DateTimeOffset.UtcNow - waited, waited, null, false,
            $"no code mailed within {waited.TotalSeconds:0} s"));

    /// <summary>Requests, failures and latency percentiles per operation, one line each.</summary>
    public string Summary()
    {
        var lines = _records.GroupBy(record => record.Operation).OrderBy(group => group.Key).Select(group =>
        {
            var latencies = group.Select(record => record.Latency.TotalMilliseconds).Order().ToArray();
            return FormattableString.Invariant(
                $"{group.Key}: {latencies.Length} requests, {group.Count(record => !record.Succeeded)} failed, p50 {Percentile(latencies, 0.5):0} ms, p99 {Percentile(latencies, 0.99):0} ms, max {latencies[^1]:0} ms");
        });
        return string.Join(Environment.NewLine, lines);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
