using System.Diagnostics;

namespace AkkaOcr.Bench.OcrBench;

/// <summary>The <c>tesseract</c> command line, one process per image, as the demo's worker ran it.</summary>
public sealed class TesseractCli(string folder)
{
    private int _files;

    public async Task<bool> ReadAsync(byte[] image)
    {
        var path = Path.Combine(folder, $"image-{Interlocked.Increment(ref _files)}.png");
        await File.WriteAllBytesAsync(path, image);
        var start = new ProcessStartInfo("tesseract") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(path);
        start.ArgumentList.Add("stdout");
        start.Environment["OMP_THREAD_LIMIT"] = "1";
        using var process = Process.Start(start)!;
        var text = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 && text.Trim().Length > 0;
    }
}
