using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace AkkaOcr.Tests.Ocr;

/// <summary>What poppler's own tools (installed by <c>./test.sh</c>) read from a PDF: an independent check of one we made.</summary>
internal static partial class Poppler
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    /// <summary>The text <c>pdftotext</c> extracts, as a reader's search or copy would find it.</summary>
    public static string Text(byte[] pdf) => WithFile(pdf, path => Run("pdftotext", path, "-"));

    /// <summary>The first page's size in points, from <c>pdfinfo</c>.</summary>
    public static (double Width, double Height) PageSize(byte[] pdf)
    {
        var info = WithFile(pdf, path => Run("pdfinfo", path));
        var size = PageSizeLine().Match(info);
        Assert.True(size.Success, $"pdfinfo gave no page size:\n{info}");
        return (double.Parse(size.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(size.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    private static string WithFile(byte[] pdf, Func<string, string> read)
    {
        var path = Path.Combine(Path.GetTempPath(), $"akkaocr-test-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, pdf);
        try
        {
            return read(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill();
            throw new TimeoutException($"{tool} did not finish within {Limit.TotalSeconds:0} s");
        }
        Assert.True(process.ExitCode == 0, $"{tool} failed ({process.ExitCode}): {error.Result}");
        return output.Result;
    }

    [GeneratedRegex(@"Page size:\s+([0-9.]+) x ([0-9.]+) pts")]
    private static partial Regex PageSizeLine();
}
