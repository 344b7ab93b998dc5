using Akka.Actor;
using AkkaOcr.Documents.Storage;
using AkkaOcr.Documents.Tools;
using AkkaOcr.Messages.Jobs;
using AkkaOcr.Messages.Ocr;
using AkkaOcr.Routing;

namespace AkkaOcr.Jobs;

/// <summary>
/// Reads one page of a job's document and stores the result: the page's own text when it has some and the
/// job skips such pages, otherwise the page rasterized in a child process and read by a worker through the
/// router. Whatever happens becomes a <see cref="PageOutcome"/>; nothing here throws at the entity.
/// </summary>
public sealed class PageReader(JobStore store, ToolGate tools, IActorRef router, JobSettings settings)
{
    /// <summary>How long the router may take beyond the page's own deadline to say what became of it.</summary>
    private static readonly TimeSpan AnswerSlack = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan UnavailableRetry = TimeSpan.FromSeconds(2);

    private ToolLimits Limits => ToolLimits.Default with { Timeout = settings.ToolTimeout };

    /// <summary>The pages with text of their own, asked once per job that skips them; none when it does not.</summary>
    public Task<IReadOnlySet<int>> PagesWithTextAsync(string documentPath, JobOptions options, CancellationToken cancellationToken) =>
        options.SkipText
            ? tools.RunAsync(() => PdfTextPages.FindAsync(documentPath, Limits, cancellationToken), cancellationToken)
            : Task.FromResult<IReadOnlySet<int>>(new HashSet<int>());

    /// <param name="hasOwnText">Whether the page carries text of its own (<see cref="PdfTextPages"/>); only then is it read from that text.</param>
    /// <param name="requestId">The id the page's work carries at the router, so that it can be cancelled.</param>
    public async Task<PageOutcome> ReadAsync(DocumentJobId jobId, string documentPath, int page, JobOptions options, bool hasOwnText,
        OcrJobId requestId, CancellationToken cancellationToken)
    {
        try
        {
            if (options.SkipText && hasOwnText)
            {
                var own = await tools.RunAsync(() => PdfPageText.ReadAsync(documentPath, page, settings.PdfDpi, Limits, cancellationToken), cancellationToken);
                if (own.HasText)
                {
                    await store.SavePageAsync(jobId, new StoredPage(page, PageSource.Text, own.Text, 100, own.Width, own.Height, settings.PdfDpi,
                        own.Words, Hocr: null, Alto: null, TextLayer: null), cancellationToken);
                    return new PageOutcome.Stored(page, 100);
                }
            }

            var raster = await tools.RunAsync(
                () => PageRasterizer.RasterizeAsync(documentPath, page, new RasterOptions(settings.PdfDpi, settings.MaxPixels), Limits, cancellationToken),
                cancellationToken);
            var ocrOptions = new OcrOptions(options.Language, options.PageSegmentationMode, IncludeWords: true, OcrOutputFormat.Text,
                AutoRotate: options.Rotate, Deskew: options.Deskew, Resolution: raster.Dpi, PageOutputs: true);
            var answer = await router.Ask<object>(new OcrRouting.Submit(requestId, raster.Image, ocrOptions), settings.Timeout + AnswerSlack, cancellationToken);
            return answer switch
            {
                OcrReplies.Recognized recognized => await StoreAsync(jobId, page, raster, recognized.Page, cancellationToken),
                OcrReplies.Failed { Reason: OcrFailure.TimedOut or OcrFailure.EngineFailure } failed =>
                    new PageOutcome.Retry(page, UnavailableRetry, $"page {page}: {failed.Detail}", CountsAsAttempt: true),
                OcrReplies.Failed { Reason: OcrFailure.Cancelled } =>
                    new PageOutcome.Retry(page, UnavailableRetry, $"page {page} was cancelled", CountsAsAttempt: false),
                OcrReplies.Failed failed => new PageOutcome.Unreadable(page, $"Page {page} could not be read: {failed.Detail}."),
                OcrRouting.Busy busy => new PageOutcome.Retry(page, busy.RetryAfter, busy.Reason, CountsAsAttempt: false),
                OcrRouting.Unavailable unavailable => new PageOutcome.Retry(page, UnavailableRetry, unavailable.Reason, CountsAsAttempt: false),
                OcrRouting.UnknownLanguage unknown => new PageOutcome.Unreadable(page,
                    $"No OCR node that writes document pages reads '{unknown.Language}'; installed: {string.Join(", ", unknown.Installed)}."),
                // Only engines that do not write layout run now; a Tesseract node may be back soon.
                OcrRouting.OutputUnsupported unsupported => new PageOutcome.Retry(page, UnavailableRetry, unsupported.Reason, CountsAsAttempt: false),
                _ => new PageOutcome.Retry(page, UnavailableRetry, $"an unexpected answer {answer.GetType().Name}", CountsAsAttempt: true),
            };
        }
        catch (DocumentToolException e)
        {
            return new PageOutcome.Unreadable(page, $"Page {page} could not be rasterized: {e.Message}");
        }
        catch (AskTimeoutException)
        {
            return new PageOutcome.Retry(page, TimeSpan.Zero, $"page {page} got no answer in time", CountsAsAttempt: true);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new PageOutcome.Retry(page, TimeSpan.Zero, $"page {page} was cancelled", CountsAsAttempt: false);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            // The page was read; storing it failed. It is read again, which costs a page, never a result twice.
            return new PageOutcome.Retry(page, UnavailableRetry, $"page {page} could not be stored: {e.GetType().Name}", CountsAsAttempt: false);
        }
    }

    private async Task<PageOutcome> StoreAsync(DocumentJobId jobId, int page, RasterizedPage raster, OcrPage read, CancellationToken cancellationToken)
    {
        var outputs = read.Outputs;
        var textLayer = outputs?.TextLayerPdf;
        // The layer describes the straightened image; turned back, its words lie over the page as it is.
        if (textLayer is not null && outputs!.DeskewDegrees != 0)
            textLayer = await tools.RunAsync(() => TextLayerTurn.TurnAsync(textLayer, outputs.DeskewDegrees, Limits, cancellationToken), cancellationToken);
        await store.SavePageAsync(jobId, new StoredPage(
            page,
            PageSource.Ocr,
            read.Text,
            read.MeanConfidence,
            // The words' boxes are on the page image as sent, whatever turn made it upright for reading.
            raster.Width,
            raster.Height,
            raster.Dpi,
            read.Words.Select(word => word with { Page = page }).ToList(),
            outputs?.Hocr,
            outputs?.Alto,
            textLayer,
            outputs?.RotatedDegrees ?? 0), cancellationToken);
        return new PageOutcome.Stored(page, read.MeanConfidence);
    }
}
