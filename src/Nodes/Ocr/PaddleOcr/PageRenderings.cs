using System.Globalization;
using System.Net;
using System.Text;

namespace AkkaOcr.Ocr.PaddleOcr;

/// <summary>
/// The page's lines and words in Tesseract's two text formats, so a <c>ppocr</c> node answers
/// <c>format=hocr</c> and <c>format=tsv</c> as a <c>tesseract</c> node does: one block and paragraph per
/// page (PP-OCR finds lines, not paragraphs), one line per text region.
/// </summary>
internal static class PageRenderings
{
    /// <summary>Tesseract's hOCR page fragment (<c>ocr_page</c> down to <c>ocrx_word</c>), which the gateway wraps in its document.</summary>
    public static string Hocr(IReadOnlyList<ReadLine> lines, int width, int height)
    {
        var hocr = new StringBuilder();
        hocr.Append(Invariant($"  <div class='ocr_page' id='page_1' title='image \"\"; bbox 0 0 {width} {height}; ppageno 0'>\n"));
        if (lines.Count > 0)
        {
            var (left, top, right, bottom) = Union(lines.Select(line => line.Box));
            hocr.Append(Invariant($"   <div class='ocr_carea' id='block_1_1' title=\"bbox {left} {top} {right} {bottom}\">\n"));
            hocr.Append(Invariant($"    <p class='ocr_par' id='par_1_1' title=\"bbox {left} {top} {right} {bottom}\">\n"));
            var wordNumber = 0;
            for (var l = 0; l < lines.Count; l++)
            {
                var line = lines[l];
                hocr.Append(Invariant($"     <span class='ocr_line' id='line_1_{l + 1}' title=\"bbox {Box(line.Box)}\">"));
                foreach (var word in line.Words)
                    hocr.Append(Invariant($"\n      <span class='ocrx_word' id='word_1_{++wordNumber}' title='bbox {Box((word.Left, word.Top, word.Width, word.Height))}; x_wconf {(int)MathF.Round(word.Confidence)}'>{WebUtility.HtmlEncode(word.Text)}</span>"));
                hocr.Append("\n     </span>\n");
            }
            hocr.Append("    </p>\n   </div>\n");
        }
        hocr.Append("  </div>\n");
        return hocr.ToString();
    }

    /// <summary>Tesseract's TSV rows (level, page, block, paragraph, line, word, left, top, width, height, confidence, text), without the header.</summary>
    public static string Tsv(IReadOnlyList<ReadLine> lines, int width, int height)
    {
        var tsv = new StringBuilder();
        tsv.Append(Invariant($"1\t1\t0\t0\t0\t0\t0\t0\t{width}\t{height}\t-1\t\n"));
        if (lines.Count == 0)
            return tsv.ToString();
        var (left, top, right, bottom) = Union(lines.Select(line => line.Box));
        tsv.Append(Invariant($"2\t1\t1\t0\t0\t0\t{left}\t{top}\t{right - left}\t{bottom - top}\t-1\t\n"));
        tsv.Append(Invariant($"3\t1\t1\t1\t0\t0\t{left}\t{top}\t{right - left}\t{bottom - top}\t-1\t\n"));
        for (var l = 0; l < lines.Count; l++)
        {
            var box = lines[l].Box;
            tsv.Append(Invariant($"4\t1\t1\t1\t{l + 1}\t0\t{box.Left}\t{box.Top}\t{box.Width}\t{box.Height}\t-1\t\n"));
            var words = lines[l].Words;
            for (var w = 0; w < words.Count; w++)
            {
                var word = words[w];
                // Tabs and line breaks inside a word would break the columns.
                var text = word.Text.Replace('\t', ' ').Replace('\n', ' ');
                tsv.Append(Invariant($"5\t1\t1\t1\t{l + 1}\t{w + 1}\t{word.Left}\t{word.Top}\t{word.Width}\t{word.Height}\t{word.Confidence:0.######}\t{text}\n"));
            }
        }
        return tsv.ToString();
    }

    private static string Box((int Left, int Top, int Width, int Height) box) =>
        Invariant($"{box.Left} {box.Top} {box.Left + box.Width} {box.Top + box.Height}");

    private static (int Left, int Top, int Right, int Bottom) Union(IEnumerable<(int Left, int Top, int Width, int Height)> boxes)
    {
        var list = boxes.ToList();
        return (list.Min(b => b.Left), list.Min(b => b.Top), list.Max(b => b.Left + b.Width), list.Max(b => b.Top + b.Height));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
