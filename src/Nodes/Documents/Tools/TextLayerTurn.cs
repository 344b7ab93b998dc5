using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AkkaOcr.Documents.Tools;

/// <summary>
/// Turns a one-page text layer about its page's centre. A page straightened before it was read has a
/// text layer that describes the straightened image; turned back by the same angle, its words lie over
/// the page as it is. qpdf writes the layer in its editable QDF form, the page's content stream is
/// wrapped in a transformation (<c>q … cm … Q</c>), and qpdf's <c>fix-qdf</c> mends the stream lengths
/// and cross-references: the layer's own content is not parsed or rewritten.
/// </summary>
public static partial class TextLayerTurn
{
    private const string PageContents = "%% Contents for page 1";

    /// <param name="anticlockwiseDegrees">The turn as seen on the page, anticlockwise for a positive angle.</param>
    public static async Task<byte[]> TurnAsync(byte[] layerPdf, double anticlockwiseDegrees, ToolLimits limits, CancellationToken ct)
    {
        if (anticlockwiseDegrees == 0)
            return layerPdf;
        using var scratch = new ScratchDirectory();
        var layer = scratch.File("layer.pdf");
        var editable = scratch.File("layer.qdf");
        await File.WriteAllBytesAsync(layer, layerPdf, ct);
        await ChildProcess.RunAsync("qpdf", ["--warning-exit-0", "--qdf", "--object-streams=disable", layer, editable], limits, scratch.Path, ct);

        // Latin-1 maps every byte to one char and back, so binary streams (the font) survive the edit unchanged.
        var qdf = Encoding.Latin1.GetString(await File.ReadAllBytesAsync(editable, ct));
        var box = MediaBox().Match(qdf);
        var contents = qdf.IndexOf(PageContents, StringComparison.Ordinal);
        var start = contents < 0 ? -1 : qdf.IndexOf("\nstream\n", contents, StringComparison.Ordinal);
        var end = start < 0 ? -1 : qdf.IndexOf("\nendstream", start + 1, StringComparison.Ordinal);
        if (!box.Success || end < 0)
            throw new DocumentToolException(DocumentToolFailure.Failed, "qpdf", "wrote a text layer without one page's media box and content stream");

        var (x0, y0, x1, y1) = (Number(box, 1), Number(box, 2), Number(box, 3), Number(box, 4));
        var turn = Transformation(anticlockwiseDegrees, (x0 + x1) / 2, (y0 + y1) / 2);
        var bodyStart = start + "\nstream\n".Length;
        var edited = new StringBuilder(qdf.Length + 64)
            .Append(qdf, 0, bodyStart).Append($"q {turn} cm\n").Append(qdf, bodyStart, end - bodyStart).Append("\nQ").Append(qdf, end, qdf.Length - end)
            .ToString();
        await File.WriteAllBytesAsync(editable, Encoding.Latin1.GetBytes(edited), ct);

        var fixedPdf = await ChildProcess.RunAsync("fix-qdf", [editable], limits, scratch.Path, ct);
        return fixedPdf.StandardOutput;
    }

    /// <summary>A PDF matrix <c>a b c d e f</c> turning anticlockwise by the angle about (centreX, centreY).</summary>
    internal static string Transformation(double anticlockwiseDegrees, double centreX, double centreY)
    {
        var radians = anticlockwiseDegrees * Math.PI / 180;
        var (cos, sin) = (Math.Cos(radians), Math.Sin(radians));
        var e = centreX - (cos * centreX - sin * centreY);
        var f = centreY - (sin * centreX + cos * centreY);
        return string.Join(' ', new[] { cos, sin, -sin, cos, e, f }.Select(value => value.ToString("0.######", CultureInfo.InvariantCulture)));
    }

    private static double Number(Match match, int group) => double.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"/MediaBox\s*\[\s*(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s*\]")]
    private static partial Regex MediaBox();
}
