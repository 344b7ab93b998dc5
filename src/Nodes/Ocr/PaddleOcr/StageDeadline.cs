using System.Diagnostics;
using AkkaOcr.Messages.Ocr;

namespace AkkaOcr.Ocr.PaddleOcr;

/// <summary>The one deadline and cancellation of an image, checked between the engine's stages and batches.</summary>
internal sealed class StageDeadline(TimeSpan timeout, CancellationToken cancellation) : IDisposable
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly CancellationTokenSource _passed = CreatePassed(timeout, cancellation);

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    /// <exception cref="OcrEngineException">The work was cancelled, or the deadline passed.</exception>
    public void ThrowIfPassed(string stage)
    {
        if (cancellation.IsCancellationRequested)
            throw new OcrEngineException(OcrFailure.Cancelled, "the work was cancelled");
        if (Elapsed >= timeout)
            throw new OcrEngineException(OcrFailure.TimedOut, $"recognition was cancelled after {timeout.TotalSeconds:0.#} s, {stage}");
    }

    /// <summary>Calls <paramref name="stop"/> once, from any thread, when the work is cancelled or the deadline passes.</summary>
    public CancellationTokenRegistration OnPassed(Action stop) => _passed.Token.Register(stop);

    private static CancellationTokenSource CreatePassed(TimeSpan timeout, CancellationToken cancellation)
    {
        var passed = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        // A timer takes at most about 49 days; a longer deadline is one that never passes.
        if (timeout.TotalMilliseconds < int.MaxValue)
            passed.CancelAfter(timeout > TimeSpan.Zero ? timeout : TimeSpan.Zero);
        return passed;
    }

    public void Dispose() => _passed.Dispose();
}
