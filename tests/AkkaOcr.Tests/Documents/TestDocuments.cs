using System.Diagnostics;
using System.Globalization;
using System.Text;
using AkkaOcr.LoadDriver;
using AkkaOcr.Tests.Ocr;

namespace AkkaOcr.Tests.Documents;

/// <summary>
/// Documents of known content, built at test time with the tools <c>./test.sh</c> installs (ImageMagick,
/// img2pdf, Ghostscript, qpdf, Tesseract), plus hostile PDFs written byte by byte so each states exactly
/// what it claims. Pages are small (a few inches) so that reading them stays fast.
/// </summary>
internal static class TestDocuments
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);

    /// <summary>A page as a scanner gives it: text rendered in DejaVu Serif at 12 pt, 4 inches wide, at <paramref name="dpi"/>, stated in the PNG.</summary>
    public static byte[] ScannedPage(string text, int dpi = 300) => ImageMagick.Convert(
        ["-density", Invariant(dpi), "-units", "PixelsPerInch", "-size", Invariant(4 * dpi) + "x", "-background", "white",
            "-fill", "black", "-font", "DejaVu-Serif", "-pointsize", "12", "caption:" + text,
            "-bordercolor", "white", "-border", Invariant(dpi / 5), "-alpha", "off", "png:-"],
        timeout: ToolTimeout);

    /// <summary>A PDF of scanned pages, one image per page at <paramref name="dpi"/> and no text, as img2pdf makes it from the scans.</summary>
    public static byte[] ScannedPdf(int dpi, params string[] pageTexts)
    {
        using var folder = new TemporaryFolder();
        var pages = pageTexts.Select((text, i) =>
        {
            var path = folder.File($"page-{i + 1:D3}.png");
            File.WriteAllBytes(path, ScannedPage(text, dpi));
            return path;
        }).ToList();
        return Run("img2pdf", pages);
    }

    /// <summary>A PDF of the given page images, one a page, as 8-bit gray scans without alpha (which img2pdf refuses).</summary>
    public static byte[] PdfOfImages(params byte[][] pageImages)
    {
        using var folder = new TemporaryFolder();
        var pages = pageImages.Select((image, i) =>
        {
            var path = folder.File($"page-{i + 1:D3}.png");
            File.WriteAllBytes(path, ImageMagick.Convert(["png:-", "-alpha", "off", "-colorspace", "Gray", "-depth", "8", "png:-"], image, ToolTimeout));
            return path;
        }).ToList();
        return Run("img2pdf", pages);
    }

    /// <summary>
    /// A PDF of scanned pages at 300 dpi, each turned clockwise by its <c>Degrees</c> as a page fed into a
    /// scanner sideways (90) or slightly askew (3) comes out; the corners a turn uncovers are white.
    /// </summary>
    public static byte[] TurnedScannedPdf(params (string Text, double Degrees)[] pages)
    {
        using var folder = new TemporaryFolder();
        var paths = pages.Select((page, i) =>
        {
            var path = folder.File($"page-{i + 1:D3}.png");
            File.WriteAllBytes(path, ImageMagick.Convert(
                ["png:-", "-background", "white", "-rotate", page.Degrees.ToString(CultureInfo.InvariantCulture), "-density", "300", "-units", "PixelsPerInch", "png:-"],
                ScannedPage(page.Text), ToolTimeout));
            return path;
        }).ToList();
        return Run("img2pdf", paths);
    }

    /// <summary>
    /// A PDF with a real text layer, one page (400 × 300 pt) per entry; lines (split at '\n') are set in
    /// Helvetica 14 pt from 1 inch in from the left, 20 pt apart from the top, by Ghostscript.
    /// </summary>
    public static byte[] TextPdf(params string[] pages)
    {
        var program = new StringBuilder("<< /PageSize [400 300] >> setpagedevice\n");
        foreach (var page in pages)
        {
            program.Append("/Helvetica findfont 14 scalefont setfont\n");
            var y = 260;
            foreach (var line in page.Split('\n'))
            {
                var escaped = line.Replace("\\", "\\\\").Replace("(", "\\(").Replace(")", "\\)");
                program.Append(CultureInfo.InvariantCulture, $"72 {y} moveto ({escaped}) show\n");
                y -= 20;
            }
            program.Append("showpage\n");
        }
        using var folder = new TemporaryFolder();
        var source = folder.File("pages.ps");
        var output = folder.File("pages.pdf");
        File.WriteAllText(source, program.ToString(), Encoding.Latin1);
        Run("gs", ["-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite", "-sOutputFile=" + output, source]);
        return File.ReadAllBytes(output);
    }

    /// <summary>A text PDF of <paramref name="count"/> pages, page n saying "This is page n."</summary>
    public static byte[] PagesPdf(int count) =>
        TextPdf([.. Enumerable.Range(1, count).Select(n => $"This is page {n}.")]);

    public static byte[] TwelvePagePdf() => PagesPdf(12);

    /// <summary>A TIFF of three pages, one line of text each.</summary>
    public static byte[] ThreePageTiff() => TestImages.MultiPageTiff(TestImages.Lines[0], TestImages.Lines[1], TestImages.Lines[2]);

    /// <summary>A text PDF that opens only with the user password "user" (AES-256).</summary>
    public static byte[] EncryptedPdf() => Qpdf(TextPdf("A secret page."), ["--encrypt", "user", "owner", "256", "--"]);

    /// <summary>The first half of a text PDF: the cross-reference table and trailer are gone, and repair finds no trailer either.</summary>
    public static byte[] TruncatedPdf()
    {
        var pdf = TextPdf("This page is cut off.");
        return pdf[..(pdf.Length / 2)];
    }

    /// <summary>A well-formed PDF whose page tree has no page.</summary>
    public static byte[] ZeroPagePdf()
    {
        using var folder = new TemporaryFolder();
        var output = folder.File("empty.pdf");
        Run("qpdf", ["--empty", output]);
        return File.ReadAllBytes(output);
    }

    /// <summary>A PDF of a few hundred bytes whose page tree claims <paramref name="claimed"/> pages and holds one.</summary>
    public static byte[] PageCountClaimPdf(int claimed = 10_000) => RawPdf(
        "<< /Type /Catalog /Pages 2 0 R >>",
        $"<< /Type /Pages /Kids [3 0 R] /Count {claimed} >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>");

    /// <summary>
    /// A one-page PDF of under 5 kB that takes a renderer minutes: the page draws a form that draws the
    /// next form 16 times, seven levels deep, so the last form's paths are filled 16^6 times.
    /// </summary>
    public static byte[] SlowPdf()
    {
        const int levels = 7;
        const int firstForm = 5;
        List<string> objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /X {firstForm} 0 R >> >> /Contents 4 0 R >>",
            Stream("", "/X Do"),
        ];
        for (var level = 0; level < levels; level++)
        {
            objects.Add(level < levels - 1
                ? Stream($"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /XObject << /X {firstForm + level + 1} 0 R >> >>",
                    string.Join(' ', Enumerable.Repeat("q 0.99 0 0 0.99 1 1 cm /X Do Q", 16)))
                : Stream("/Type /XObject /Subtype /Form /BBox [0 0 612 792]", "0 0 m 600 780 l 10 780 l 600 0 l f 1 1 600 780 re S"));
        }
        return RawPdf([.. objects]);
    }

    /// <summary>The invisible text of a page image, as Tesseract's PDF renderer writes it with <c>textonly_pdf=1</c>: a page sized by the image at <paramref name="dpi"/>.</summary>
    public static byte[] TextOnlyLayer(byte[] pageImage, int dpi)
    {
        using var folder = new TemporaryFolder();
        var image = folder.File("page.img");
        File.WriteAllBytes(image, pageImage);
        Run("tesseract", [image, folder.File("layer"), "--dpi", Invariant(dpi), "-l", "eng", "-c", "textonly_pdf=1", "pdf"]);
        return File.ReadAllBytes(folder.File("layer.pdf"));
    }

    /// <summary>The number of pages qpdf finds by walking the page tree.</summary>
    public static int PageCount(string pdfPath) =>
        Encoding.UTF8.GetString(Run("qpdf", ["--show-pages", pdfPath])).Split('\n').Count(line => line.StartsWith("page ", StringComparison.Ordinal));

    /// <summary>The text of the whole PDF (or one page) as <c>pdftotext</c> reads it.</summary>
    public static string TextOf(string pdfPath, int? page = null) => Encoding.UTF8.GetString(Run("pdftotext",
        page is { } n ? ["-f", Invariant(n), "-l", Invariant(n), pdfPath, "-"] : [pdfPath, "-"]));

    /// <summary>A page rasterized to 8-bit gray (PGM: header and raw pixels), to compare what two PDFs look like.</summary>
    public static byte[] GrayPixels(string pdfPath, int page, int dpi) =>
        Run("pdftoppm", ["-f", Invariant(page), "-l", Invariant(page), "-r", Invariant(dpi), "-gray", pdfPath]);

    /// <summary>Runs a tool and returns its standard output; a failure fails the test with its error output.</summary>
    public static byte[] Run(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var error = process.StandardError.ReadToEndAsync();
        using var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        if (!copy.Wait(ToolTimeout) || !process.WaitForExit(ToolTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish within {ToolTimeout.TotalSeconds:0} s");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} failed ({process.ExitCode}): {error.Result}");
        return output.ToArray();
    }

    private static byte[] Qpdf(byte[] input, IReadOnlyList<string> options)
    {
        using var folder = new TemporaryFolder();
        var source = folder.File("in.pdf");
        var output = folder.File("out.pdf");
        File.WriteAllBytes(source, input);
        Run("qpdf", [source, .. options, output]);
        return File.ReadAllBytes(output);
    }

    private static string Stream(string dictionary, string content) =>
        $"<< {dictionary} /Length {content.Length} >>\nstream\n{content}\nendstream";

    /// <summary>A PDF of the given objects (numbered from 1, object 1 the catalog) with an exact cross-reference table.</summary>
    private static byte[] RawPdf(params string[] objects)
    {
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = pdf.Length;
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.Latin1.GetBytes(pdf.ToString());
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A folder for a builder's intermediate files, deleted when the builder returns.</summary>
    private sealed class TemporaryFolder : IDisposable
    {
        private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("akkaocr-test-");

        public string File(string name) => Path.Combine(folder.FullName, name);

        public void Dispose() => folder.Delete(recursive: true);
    }
}
