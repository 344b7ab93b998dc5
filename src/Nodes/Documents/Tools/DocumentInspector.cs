using System.Text;
using System.Text.RegularExpressions;

namespace AkkaOcr.Documents.Tools;

/// <summary>
/// Decides whether an upload is a document this service reads, and how many pages it has, before any work
/// is queued for it. Pages are counted by walking the document's structure in a child process, never by
/// trusting a count the file states: a PDF may claim 10,000 pages and hold one.
/// </summary>
public static partial class DocumentInspector
{
    public static async Task<DocumentInspection> InspectAsync(
        ReadOnlyMemory<byte> document, int maxPages, ToolLimits limits, CancellationToken ct)
    {
        var kind = DocumentSignature.KindOf(document.Span) ?? throw new DocumentRefusedException(DocumentRefusal.Unsupported,
            "The file is not a PDF, a TIFF or an image in a format the service reads (PNG, JPEG, GIF, BMP, WebP).");
        var pages = kind switch
        {
            DocumentKind.Pdf => await CountPdfPagesAsync(document, limits, ct),
            DocumentKind.Tiff => await CountTiffPagesAsync(document, limits, ct),
            _ => 1,
        };
        if (pages == 0)
            throw new DocumentRefusedException(DocumentRefusal.NoPages, "The document has no pages.");
        if (pages > maxPages)
            throw new DocumentRefusedException(DocumentRefusal.TooManyPages,
                $"The document has {pages} pages; at most {maxPages} pages are read in one document.");
        return new DocumentInspection(kind, pages);
    }

    private static async Task<int> CountPdfPagesAsync(ReadOnlyMemory<byte> document, ToolLimits limits, CancellationToken ct)
    {
        using var scratch = new ScratchDirectory();
        var path = scratch.File("document.pdf");
        await File.WriteAllBytesAsync(path, document, ct);
        try
        {
            // Exit status 0: a password is needed to open it; 2: not encrypted (or not readable, which the count finds);
            // 3: encrypted with an empty user password, which opens like any other PDF.
            var password = await ChildProcess.RunAsync("qpdf", ["--requires-password", path], limits, scratch.Path, [0, 2, 3], ct);
            if (password.ExitCode == 0)
                throw new DocumentRefusedException(DocumentRefusal.Encrypted,
                    "The PDF is protected by a password; upload it without the password protection.");

            // --show-pages walks the page tree (with qpdf's repair of a damaged file); --show-npages would
            // report the /Count the file claims.
            var pages = await ChildProcess.RunAsync("qpdf", ["--warning-exit-0", "--show-pages", path], limits, scratch.Path, ct);
            return PageLine().Count(Encoding.UTF8.GetString(pages.StandardOutput));
        }
        catch (DocumentToolException e) when (e.Failure == DocumentToolFailure.OutputTooLarge)
        {
            throw new DocumentRefusedException(DocumentRefusal.TooManyPages, "The document has too many pages to be counted.", e);
        }
        catch (DocumentToolException e)
        {
            throw ToolRefusals.Unreadable(e);
        }
    }

    private static async Task<int> CountTiffPagesAsync(ReadOnlyMemory<byte> document, ToolLimits limits, CancellationToken ct)
    {
        using var scratch = new ScratchDirectory();
        var path = scratch.File("document.tif");
        await File.WriteAllBytesAsync(path, document, ct);
        try
        {
            // One line per image file directory; -ping reads the directories without decoding a pixel, and the
            // tiff: prefix keeps ImageMagick from handing the file to any other decoder.
            var frames = await ChildProcess.RunAsync("identify", ["-ping", "-format", "%p\\n", "tiff:" + path], limits, scratch.Path, ct);
            return Encoding.UTF8.GetString(frames.StandardOutput).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        }
        catch (DocumentToolException e)
        {
            throw ToolRefusals.Unreadable(e);
        }
    }

    [GeneratedRegex(@"^page \d+:", RegexOptions.Multiline)]
    private static partial Regex PageLine();
}
