using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using AkkaOcr.Messages.Ocr;

namespace AkkaOcr.Ocr.Workers;

/// <summary>
/// Owns one OCR engine and reads one image at a time. It runs on a thread of its own (see
/// <see cref="OcrWorkers.DispatcherId"/>), so a page that takes seconds blocks only this worker.
/// The image arrives in chunks; the answer goes to whoever sent the job, in parts when it is too large for
/// one remoting frame (see <see cref="OcrPageTransfer"/>).
/// </summary>
public sealed class OcrWorkerActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Func<string, IOcrEngine> _createEngine;
    private readonly string _defaultLanguage;
    private readonly IReadOnlyList<string> _installedLanguages;
    private readonly OcrEngineInfo _engineInfo;
    private readonly long _maxImageBytes;
    private readonly OcrCancellations _cancellations;
    private readonly MemoryPressure _memory;
    private readonly Dictionary<OcrJobId, ImageAssembly> _arriving = [];
    private IOcrEngine? _engine;

    /// <param name="engineInfo">What the engine can do, told to the routers; null for Tesseract on the CPU.</param>
    public OcrWorkerActor(Func<string, IOcrEngine> createEngine, string defaultLanguage, IReadOnlyList<string> installedLanguages, long maxImageBytes,
        OcrCancellations cancellations, MemoryPressure memory, int poolSize, OcrEngineInfo? engineInfo = null)
    {
        _createEngine = createEngine;
        _defaultLanguage = defaultLanguage;
        _installedLanguages = installedLanguages;
        _engineInfo = engineInfo ?? OcrEngineInfo.Tesseract;
        _maxImageBytes = maxImageBytes;
        _cancellations = cancellations;
        _memory = memory;

        Receive<OcrQueries.DescribeWorker>(_ => Sender.Tell(new OcrReplies.WorkerReady(_installedLanguages, poolSize, _engineInfo)));
        Receive<OcrCommands.StartJob>(Announce);
        Receive<OcrCommands.ImageChunk>(Arrive);
        Receive<OcrWorkers.Drain>(_ => Sender.Tell(OcrWorkers.Drained.Instance));
    }

    public static Props Props(
        Func<string, IOcrEngine> createEngine, string defaultLanguage, IReadOnlyList<string> installedLanguages, long maxImageBytes,
        OcrCancellations cancellations, MemoryPressure memory, int poolSize, OcrEngineInfo? engineInfo = null) =>
        Akka.Actor.Props.Create(() => new OcrWorkerActor(createEngine, defaultLanguage, installedLanguages, maxImageBytes, cancellations, memory, poolSize,
                engineInfo))
            .WithDispatcher(OcrWorkers.DispatcherId);

    protected override void PreStart() => _engine = _createEngine(_defaultLanguage);

    protected override void PostStop() => _engine?.Dispose();

    private void Announce(OcrCommands.StartJob job)
    {
        DropExpired();
        if (job.ImageLength <= 0 || job.ImageLength > _maxImageBytes)
        {
            Sender.Tell(new OcrReplies.Failed(job.JobId, OcrFailure.UnreadableImage,
                $"an image of {job.ImageLength} bytes is outside 1 to {_maxImageBytes}"));
            return;
        }
        if (_memory.RefusalFor(job.ImageLength) is { } refusal)
        {
            // Its chunks, still arriving, are dropped as those of any job not announced.
            OcrMetrics.ImageDeclined();
            Sender.Tell(new OcrReplies.Declined(job.JobId, refusal));
            return;
        }
        _arriving[job.JobId] = new ImageAssembly(job, Stopwatch.GetTimestamp());
    }

    private void Arrive(OcrCommands.ImageChunk chunk)
    {
        if (!_arriving.TryGetValue(chunk.JobId, out var assembly))
            return; // its job expired or was refused; the sender has had its answer
        if (!assembly.Add(chunk))
        {
            _arriving.Remove(chunk.JobId);
            Sender.Tell(new OcrReplies.Failed(chunk.JobId, OcrFailure.UnreadableImage, "the image arrived out of order"));
            return;
        }
        if (!assembly.IsComplete)
            return;
        _arriving.Remove(chunk.JobId);
        var started = Stopwatch.GetTimestamp();
        var answer = Read(assembly);
        OcrMetrics.ImageFinished(answer is OcrReplies.Recognized, Stopwatch.GetElapsedTime(started));
        if (answer is OcrReplies.Recognized recognized)
            foreach (var message in OcrPageTransfer.Split(recognized.JobId, recognized.Page))
                Sender.Tell(message);
        else
            Sender.Tell(answer);
    }

    private IWithOcrJobId Read(ImageAssembly assembly)
    {
        var job = assembly.Job;
        var left = job.Timeout - Stopwatch.GetElapsedTime(assembly.AnnouncedAt);
        if (left <= TimeSpan.Zero)
            return new OcrReplies.Failed(job.JobId, OcrFailure.TimedOut, "the deadline passed while the image was on its way");
        var missing = OcrLanguages.MissingFrom(job.Options.Language, _installedLanguages);
        if (missing.Count > 0)
            return new OcrReplies.Failed(job.JobId, OcrFailure.UnknownLanguage,
                $"no traineddata for {string.Join(", ", missing)}; installed: {string.Join(", ", _installedLanguages)}");

        var cancellation = _cancellations.Begin(job.JobId);
        try
        {
            return new OcrReplies.Recognized(job.JobId, EngineFor(job.Options.Language).Recognize(assembly.Image, job.Options, left, cancellation));
        }
        catch (OcrEngineException e) when (!e.EngineMayBeBroken)
        {
            return new OcrReplies.Failed(job.JobId, e.Reason, e.Message);
        }
        catch (Exception e)
        {
            // The engine may be in any state: answer, then let the supervisor restart this worker with a new one.
            _log.Error(e, "OCR engine failed on job {JobId}; the worker restarts with a new engine", job.JobId);
            OcrMetrics.ImageFinished(recognized: false, TimeSpan.Zero);
            Sender.Tell(new OcrReplies.Failed(job.JobId, OcrFailure.EngineFailure, "the OCR engine failed"));
            throw;
        }
        finally
        {
            _cancellations.End(job.JobId);
        }
    }

    /// <summary>The engine for a language; switching costs a model load, so the last one is kept.</summary>
    private IOcrEngine EngineFor(string language)
    {
        if (_engine is not null && _engine.Reads(language))
            return _engine;
        _engine?.Dispose();
        _engine = null;
        _engine = _createEngine(language);
        return _engine;
    }

    /// <summary>Forgets images whose sender vanished mid-transfer, so their buffers do not pile up.</summary>
    private void DropExpired()
    {
        foreach (var (id, assembly) in _arriving.Where(pair => Stopwatch.GetElapsedTime(pair.Value.AnnouncedAt) > pair.Value.Job.Timeout).ToList())
        {
            _arriving.Remove(id);
            _log.Warning("Dropped the partial image of job {JobId}: its deadline passed before all of it arrived", id);
        }
    }
}
