using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AkkaOcr.Documents.Tools;

/// <summary>A page's size in points (1/72 inch), as <c>pdfinfo</c> reports it before any rotation.</summary>
internal sealed partial record PdfPageSize(double Width, double Height)
{
    public double AreaSquareInches => Width / 72 * (Height / 72);

    public static async Task<PdfPageSize> ReadAsync(string pdfPath, int pageNumber, ToolLimits limits, string workingDirectory, CancellationToken ct)
    {
        var page = pageNumber.ToString(CultureInfo.InvariantCulture);
        var info = await ChildProcess.RunAsync("pdfinfo", ["-f", page, "-l", page, pdfPath], limits, workingDirectory, ct);
        return Parse(Encoding.UTF8.GetString(info.StandardOutput), pageNumber)
            ?? throw new DocumentToolException(DocumentToolFailure.Failed, "pdfinfo", $"reported no size for page {pageNumber}");
    }

    /// <summary>Reads the "Page N size: W x H pts" line of <c>pdfinfo -f N -l N</c>; null when there is none or it is not a usable size.</summary>
    public static PdfPageSize? Parse(string pdfinfo, int pageNumber)
    {
        foreach (Match line in SizeLine().Matches(pdfinfo))
        {
            if (int.Parse(line.Groups["page"].Value, CultureInfo.InvariantCulture) != pageNumber)
                continue;
            if (double.TryParse(line.Groups["width"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var width)
                && double.TryParse(line.Groups["height"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var height)
                && width > 0 && height > 0 && double.IsFinite(width) && double.IsFinite(height))
                return new PdfPageSize(width, height);
        }
        return null;
    }

    [GeneratedRegex(@"^Page\s+(?<page>\d{1,9})\s+size:\s+(?<width>[0-9.eE+-]+) x (?<height>[0-9.eE+-]+) pts", RegexOptions.Multiline)]
    private static partial Regex SizeLine();
}
