namespace AkkaOcr.Bench.MailBench;

/// <summary>One measured path: how many messages, how long, and the CPU it cost (NaN where not measured).</summary>
public sealed record PhaseResult(int Messages, TimeSpan Elapsed, CpuSample Cpu)
{
    public double PerSecond => Messages / Elapsed.TotalSeconds;
}
