using System.Diagnostics;

namespace AkkaOcr.Bench.OcrBench;

/// <summary>One way of reading one set of images: throughput and per-image latency.</summary>
public sealed record Measurement(string Mode, string Set, int Images, int Failed, TimeSpan Wall, double[] Milliseconds)
{
    public double ImagesPerSecond => (Images - Failed) / Wall.TotalSeconds;

    public double Percentile(double p)
    {
        if (Milliseconds.Length == 0) return double.NaN;
        var sorted = Milliseconds.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    /// <summary>Reads every image once with <paramref name="parallelism"/> at a time; <paramref name="read"/> is false on failure.</summary>
    public static async Task<Measurement> RunAsync(string mode, string set, IReadOnlyList<byte[]> images, int parallelism, Func<int, byte[], Task<bool>> read)
    {
        var latencies = new double[images.Count];
        var failed = 0;
        var next = -1;
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, parallelism).Select(slot => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < images.Count)
            {
                var started = Stopwatch.GetTimestamp();
                var ok = await read(slot, images[index]);
                latencies[index] = ok ? Stopwatch.GetElapsedTime(started).TotalMilliseconds : double.NaN;
                if (!ok) Interlocked.Increment(ref failed);
            }
        })));
        wall.Stop();
        return new Measurement(mode, set, images.Count, failed, wall.Elapsed, latencies.Where(double.IsFinite).ToArray());
    }
}
