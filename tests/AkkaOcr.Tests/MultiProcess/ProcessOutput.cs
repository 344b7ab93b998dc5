using System.Collections.Concurrent;

namespace AkkaOcr.Tests.MultiProcess;

/// <summary>
/// The stdout and stderr lines of a process, timestamped: the recent ones in memory for failure
/// messages (bounded, so a chatty node cannot eat the test host's memory), all of them in a log file
/// for reading a failure through.
/// </summary>
public sealed class ProcessOutput(string logFile)
{
    private const int MaxLines = 3_000;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly Lock _fileLock = new();

    public string LogFile { get; } = logFile;

    public void Add(string? line)
    {
        if (line is null)
            return;
        var stamped = $"{DateTime.Now:HH:mm:ss.fff} {line}";
        _lines.Enqueue(stamped);
        while (_lines.Count > MaxLines && _lines.TryDequeue(out _))
        {
        }
        lock (_fileLock)
            File.AppendAllText(LogFile, stamped + Environment.NewLine);
    }

    public bool Contains(string text) => _lines.Any(line => line.Contains(text, StringComparison.Ordinal));

    /// <summary>How many of the recent lines contain <paramref name="text"/>.</summary>
    public int Count(string text) => _lines.Count(line => line.Contains(text, StringComparison.Ordinal));

    public string Tail(int lines) => string.Join(Environment.NewLine, _lines.TakeLast(lines));
}
