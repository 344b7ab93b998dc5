using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using AkkaOcr.Messages.Ocr;

namespace AkkaOcr.Documents.Tools;

/// <summary>
/// Reads the text layer a PDF page already has with <c>pdftotext -bbox-layout</c>, in a child process, so
/// a page that carries its text need not be read again by OCR and its words keep their exact characters.
/// </summary>
public static class PdfPageText
{
    /// <summary>The confidence given to a word the page itself states.</summary>
    public const float StatedConfidence = 100;

    private static readonly XNamespace Xhtml = "http://www.w3.org/1999/xhtml";

    public static async Task<PageText> ReadAsync(string pdfPath, int pageNumber, int dpi, ToolLimits limits, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageNumber, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dpi, 1);
        using var scratch = new ScratchDirectory();
        var page = pageNumber.ToString(CultureInfo.InvariantCulture);
        var layout = await ChildProcess.RunAsync("pdftotext",
            ["-f", page, "-l", page, "-bbox-layout", "-enc", "UTF-8", Path.GetFullPath(pdfPath), "-"], limits, scratch.Path, ct);
        return Parse(layout.StandardOutput, pageNumber, dpi);
    }

    /// <summary>
    /// Maps the XHTML of <c>pdftotext -bbox-layout</c> (page, flow, block, line, word, in points) to pixels
    /// at <paramref name="dpi"/>. The document type declaration is skipped, never fetched nor expanded, and
    /// characters XML forbids (a hostile font may map glyphs to them) do not fail the page.
    /// </summary>
    internal static PageText Parse(byte[] layout, int pageNumber, int dpi)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Ignore,
            XmlResolver = null,
            CheckCharacters = false,
            MaxCharactersFromEntities = 0,
        };
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(layout), settings);
            document = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw new DocumentToolException(DocumentToolFailure.Failed, "pdftotext", $"wrote a layout that is not XML ({e.Message})");
        }

        var scale = dpi / 72.0;
        var pageElement = document.Descendants(Xhtml + "page").FirstOrDefault()
            ?? throw new DocumentToolException(DocumentToolFailure.Failed, "pdftotext", $"wrote no page {pageNumber}");
        var words = new List<OcrWord>();
        var blocks = new List<string>();
        foreach (var block in pageElement.Descendants(Xhtml + "block"))
        {
            var lines = new List<string>();
            foreach (var line in block.Elements(Xhtml + "line"))
            {
                var lineWords = new List<string>();
                foreach (var word in line.Elements(Xhtml + "word"))
                {
                    var text = word.Value.Trim();
                    if (text.Length == 0)
                        continue;
                    lineWords.Add(text);
                    var left = Pixels(word, "xMin", scale);
                    var top = Pixels(word, "yMin", scale);
                    words.Add(new OcrWord(text, StatedConfidence, left, top,
                        Math.Max(0, Pixels(word, "xMax", scale) - left), Math.Max(0, Pixels(word, "yMax", scale) - top), pageNumber));
                }
                if (lineWords.Count > 0)
                    lines.Add(string.Join(' ', lineWords));
            }
            if (lines.Count > 0)
                blocks.Add(string.Join('\n', lines));
        }
        return new PageText(string.Join("\n\n", blocks), words, Pixels(pageElement, "width", scale), Pixels(pageElement, "height", scale));
    }

    private static int Pixels(XElement element, string attribute, double scale) =>
        double.TryParse((string?)element.Attribute(attribute), NumberStyles.Float, CultureInfo.InvariantCulture, out var points)
        && double.IsFinite(points)
            ? (int)Math.Round(Math.Clamp(points * scale, -1e9, 1e9))
            : 0;
}
