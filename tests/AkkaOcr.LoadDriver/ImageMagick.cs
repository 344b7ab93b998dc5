using System.Diagnostics;

namespace AkkaOcr.LoadDriver;

/// <summary>Runs ImageMagick's <c>convert</c>, feeding it an image on stdin if given, and returns what it writes to stdout.</summary>
public static class ImageMagick
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static byte[] Convert(IReadOnlyList<string> arguments, byte[]? input = null, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var start = new ProcessStartInfo("convert")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("convert did not start");
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
            process.StandardInput.BaseStream.Write(input);
        process.StandardInput.Close();
        using var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        if (!copy.Wait(limit) || !process.WaitForExit(limit))
        {
            process.Kill();
            throw new TimeoutException($"ImageMagick did not finish within {limit.TotalSeconds:0} s");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"convert failed ({process.ExitCode}): {error.Result}");
        return output.ToArray();
    }
}
