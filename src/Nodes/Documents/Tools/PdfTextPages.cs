using System.Text;

namespace AkkaOcr.Documents.Tools;

/// <summary>
/// Which pages of a PDF carry text of their own, from one plain <c>pdftotext</c> run over the whole
/// document in a child process. A job that skips such pages asks once, instead of running a layout
/// extraction per page on a scan that has no text at all.
/// </summary>
public static class PdfTextPages
{
    /// <returns>The numbers (from 1) of the pages with at least one letter or digit.</returns>
    public static async Task<IReadOnlySet<int>> FindAsync(string pdfPath, ToolLimits limits, CancellationToken ct)
    {
        using var scratch = new ScratchDirectory();
        var text = await ChildProcess.RunAsync("pdftotext", ["-enc", "UTF-8", Path.GetFullPath(pdfPath), "-"], limits, scratch.Path, ct);
        // pdftotext ends every page with a form feed.
        var pages = Encoding.UTF8.GetString(text.StandardOutput).Split('\f');
        return pages.Select((page, index) => (Page: index + 1, HasText: page.Any(char.IsLetterOrDigit)))
            .Where(page => page.HasText).Select(page => page.Page).ToHashSet();
    }
}
