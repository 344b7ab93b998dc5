using Akka.Actor;
using AkkaOcr.Documents.Tools;
using AkkaOcr.Messages.Ocr;
using AkkaOcr.Routing;

namespace AkkaOcr.Gateway.Ocr;

/// <summary>
/// <c>POST /ocr</c> with a PDF of up to <c>Ocr__MaxSyncPages</c> pages: each page is rasterized in a child
/// process and read by a worker through the router, all pages at once, and the answers are joined as a
/// multi-page TIFF's are (texts by a form feed, words marked with their page). A longer PDF is refused
/// whole, naming the job route; a page is never dropped.
/// </summary>
public static class PdfPages
{
    public static bool IsPdf(ReadOnlySpan<byte> upload) => upload.StartsWith("%PDF-"u8);

    /// <summary>The router's answer for the whole document: a joined <see cref="OcrReplies.Recognized"/>, or the first page's refusal.</summary>
    public static async Task<object> ReadAsync(byte[] pdf, OcrOptions options, OcrGatewaySettings settings, IActorRef router, TimeSpan askTimeout,
        CancellationToken cancellationToken)
    {
        var jobId = OcrJobId.New();
        int pageCount;
        try
        {
            pageCount = (await DocumentInspector.InspectAsync(pdf, settings.MaxSyncPages, ToolLimits.Default, cancellationToken)).PageCount;
        }
        catch (DocumentRefusedException refused) when (refused.Reason == DocumentRefusal.TooManyPages)
        {
            return new OcrReplies.Failed(jobId, OcrFailure.TooManyPages, $"the document has more than {settings.MaxSyncPages} pages");
        }
        catch (DocumentRefusedException refused)
        {
            return new OcrReplies.Failed(jobId, OcrFailure.UnreadableImage, refused.Detail.TrimEnd('.'));
        }

        using var scratch = new ScratchDirectory();
        var path = scratch.File("document.pdf");
        await File.WriteAllBytesAsync(path, pdf, cancellationToken);
        // A page that keeps the rasterizer busy must not hold the request past its deadline.
        var limits = ToolLimits.Default with { Timeout = settings.Timeout };
        var pageOptions = options with { Resolution = settings.PdfDpi };
        var answers = await Task.WhenAll(Enumerable.Range(1, pageCount).Select(async page =>
        {
            try
            {
                var raster = await PageRasterizer.RasterizeAsync(path, page, new RasterOptions(settings.PdfDpi, settings.MaxPixels), limits,
                    cancellationToken);
                return await router.Ask<object>(new OcrRouting.Submit(OcrJobId.New(), raster.Image, pageOptions with { Resolution = raster.Dpi }),
                    askTimeout, cancellationToken);
            }
            catch (DocumentToolException e)
            {
                return new OcrReplies.Failed(jobId, OcrFailure.UnreadableImage, $"page {page} could not be rasterized: {e.Message.TrimEnd('.')}");
            }
        }));
        if (answers.FirstOrDefault(answer => answer is not OcrReplies.Recognized) is { } refusal)
            return refusal;
        var pages = answers.Cast<OcrReplies.Recognized>().Select(recognized => recognized.Page).ToList();
        return new OcrReplies.Recognized(jobId, new OcrPage(
            string.Join('\f', pages.Select(page => page.Text)),
            pages.Average(page => page.MeanConfidence),
            options.Language,
            pages.Max(page => page.ElapsedMs),
            pages.SelectMany((page, index) => page.Words.Select(word => word with { Page = index + 1 })).ToList(),
            options.Format == OcrOutputFormat.Text ? null : string.Concat(pages.Select(page => page.Rendered))));
    }
}
