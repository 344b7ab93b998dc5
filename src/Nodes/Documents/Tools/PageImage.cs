using System.Globalization;
using System.Text;

namespace AkkaOcr.Documents.Tools;

/// <summary>An image drawn on a page: its pixels and the resolution it is shown at, from <c>pdfimages -list</c>.</summary>
internal sealed record PageImage(int Width, int Height, double XPpi, double YPpi)
{
    /// <summary>The page area it covers, in square inches.</summary>
    public double AreaSquareInches => Width / XPpi * (Height / YPpi);

    public static async Task<IReadOnlyList<PageImage>> ListAsync(
        string pdfPath, int pageNumber, ToolLimits limits, string workingDirectory, CancellationToken ct)
    {
        var page = pageNumber.ToString(CultureInfo.InvariantCulture);
        var list = await ChildProcess.RunAsync("pdfimages", ["-list", "-f", page, "-l", page, pdfPath], limits, workingDirectory, ct);
        return Parse(Encoding.UTF8.GetString(list.StandardOutput));
    }

    /// <summary>
    /// The images (not masks) of a <c>pdfimages -list</c> table, whose columns are: page num type width height
    /// color comp bpc enc interp object ID x-ppi y-ppi size ratio. Rows that do not parse are skipped.
    /// </summary>
    public static IReadOnlyList<PageImage> Parse(string table)
    {
        var images = new List<PageImage>();
        foreach (var row in table.Split('\n'))
        {
            var cells = row.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (cells.Length < 14 || cells[2] != "image")
                continue;
            if (int.TryParse(cells[3], CultureInfo.InvariantCulture, out var width) && width > 0
                && int.TryParse(cells[4], CultureInfo.InvariantCulture, out var height) && height > 0
                && double.TryParse(cells[12], NumberStyles.Float, CultureInfo.InvariantCulture, out var xPpi) && xPpi > 0
                && double.TryParse(cells[13], NumberStyles.Float, CultureInfo.InvariantCulture, out var yPpi) && yPpi > 0)
                images.Add(new PageImage(width, height, xPpi, yPpi));
        }
        return images;
    }
}
