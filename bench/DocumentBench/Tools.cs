using System.Diagnostics;
using System.Text;

namespace AkkaOcr.Bench.DocumentBench;

/// <summary>Command-line tools the benchmark runs: img2pdf, pdftotext, ocrmypdf.</summary>
public static class Tools
{
    /// <summary>Runs a tool to its end and returns its standard output; a failure throws with its error output.</summary>
    public static string Run(string program, IReadOnlyList<string> arguments, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish in time");
        }
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} failed ({process.ExitCode}): {error.Result}");
        return output.Result;
    }

    /// <summary>The text of every page of a PDF, as <c>pdftotext</c> reads it (it ends each page with a form feed).</summary>
    public static string[] PagesOf(string pdfPath, int pages)
    {
        var text = Run("pdftotext", ["-enc", "UTF-8", pdfPath, "-"]);
        var parts = text.Split('\f');
        return [.. Enumerable.Range(0, pages).Select(i => i < parts.Length ? parts[i] : "")];
    }

    public static string Utf8(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
