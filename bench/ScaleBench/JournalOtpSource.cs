using AkkaOcr.Bench.AuthBench;
using AkkaOcr.LoadDriver;

namespace AkkaOcr.Bench.ScaleBench;

/// <summary>
/// The load driver's view of the codes: the latest one the cluster issued, from its journal. No notifier
/// runs in this benchmark, so that the measured CPU is the users' and OCR nodes' work.
/// </summary>
public sealed class JournalOtpSource(ICodeSource codes) : IOtpSource
{
    public async Task<IReadOnlyList<string>> CodesAsync(string email, CancellationToken cancellationToken) =>
        await codes.LatestCodeAsync(email) is { } code ? [code] : [];
}
