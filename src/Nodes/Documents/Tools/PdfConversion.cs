namespace AkkaOcr.Documents.Tools;

/// <summary>
/// Turns every kind of document into a PDF, so one pipeline (rasterize, read, graft the text) serves
/// them all. A TIFF or an image becomes a PDF through <c>img2pdf</c>, which embeds the image data as it
/// is (a JPEG stays the same JPEG, a CCITT fax stays CCITT): the searchable PDF of a scan keeps the scan.
/// </summary>
public static class PdfConversion
{
    public static async Task<byte[]> ToPdfAsync(ReadOnlyMemory<byte> document, DocumentKind kind, ToolLimits limits, CancellationToken ct)
    {
        if (kind == DocumentKind.Pdf)
            return document.ToArray();

        using var scratch = new ScratchDirectory();
        var path = scratch.File("document");
        await File.WriteAllBytesAsync(path, document, ct);
        // An image is one page even when it is an animated GIF; a TIFF gives a page per directory. An
        // orientation tag that is not a valid rotation is ignored rather than failing the document.
        List<string> arguments = ["--rotation=ifvalid"];
        if (kind == DocumentKind.Image)
            arguments.Add("--first-frame-only");
        arguments.Add(path);
        try
        {
            var pdf = await ChildProcess.RunAsync("img2pdf", arguments, limits, scratch.Path, ct);
            return pdf.StandardOutput;
        }
        catch (DocumentToolException e)
        {
            throw ToolRefusals.Unreadable(e);
        }
    }
}
