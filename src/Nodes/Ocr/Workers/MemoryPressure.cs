using System.Diagnostics;

namespace AkkaOcr.Ocr.Workers;

/// <summary>
/// Whether this <c>ocr</c> node is too near its memory limit to start another image. An image costs many
/// times its file size once decoded and read (Tesseract's buffers are native, outside the GC heap), so the
/// measure is the process's resident memory, not the managed heap. Refusing work before the limit lets the
/// router give it to another node instead of the kernel killing this one with every image on it.
/// Shared by the node's workers; safe to call from their threads.
/// </summary>
public sealed class MemoryPressure
{
    private const long MiB = 1024 * 1024;

    /// <summary>
    /// A full, compacting collection is tried before refusing, since collectable garbage counts as resident
    /// too; at most this often, because it stops every thread of the process.
    /// </summary>
    private static readonly TimeSpan CollectionInterval = TimeSpan.FromSeconds(5);

    private readonly Func<long> _residentBytes;
    private long _lastCollection = long.MinValue;

    public MemoryPressure(long limitBytes, int refusePercent, Func<long>? residentBytes = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limitBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(refusePercent);
        LimitBytes = limitBytes;
        RefuseAboveBytes = limitBytes / 100 * refusePercent;
        _residentBytes = residentBytes ?? (() => Environment.WorkingSet);
    }

    public long LimitBytes { get; }

    public long RefuseAboveBytes { get; }

    /// <summary><c>Ocr__MemoryLimitMiB</c>, or when 0 the memory this process may use: its container's limit, else the machine's.</summary>
    public static MemoryPressure From(OcrWorkerSettings settings) =>
        new(settings.MemoryLimitMiB > 0 ? settings.MemoryLimitMiB * MiB : GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
            settings.MemoryRefusePercent);

    /// <summary>Null when an image of <paramref name="imageBytes"/> may start; otherwise why not, in words.</summary>
    public string? RefusalFor(long imageBytes)
    {
        var resident = _residentBytes();
        if (resident + imageBytes >= RefuseAboveBytes && TryCollect())
            resident = _residentBytes();
        return resident + imageBytes < RefuseAboveBytes
            ? null
            : $"the OCR node uses {resident / MiB} MiB of memory, near its limit of {LimitBytes / MiB} MiB";
    }

    private bool TryCollect()
    {
        var now = Stopwatch.GetTimestamp();
        var last = Interlocked.Read(ref _lastCollection);
        if (last != long.MinValue && Stopwatch.GetElapsedTime(last, now) < CollectionInterval)
            return false;
        if (Interlocked.CompareExchange(ref _lastCollection, now, last) != last)
            return false; // another worker is collecting right now
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return true;
    }
}
