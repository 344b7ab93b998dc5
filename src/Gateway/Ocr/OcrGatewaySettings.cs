using AkkaOcr.Routing;

namespace AkkaOcr.Gateway.Ocr;

/// <summary>
/// What the gateway checks and waits for at the edge, from the <c>Ocr</c> section the <c>ocr</c> nodes read
/// too: <c>Ocr__Languages</c> (a request's default), <c>Ocr__MaxUploadBytes</c>, <c>Ocr__MaxPixels</c>,
/// <c>Ocr__Timeout</c>, and <c>Ocr__QueuePerWorker</c>.
/// </summary>
public sealed class OcrGatewaySettings
{
    public const string SectionName = "Ocr";

    /// <summary>The language a request without <c>lang</c> gets, Tesseract style (<c>eng+deu</c>).</summary>
    public string Languages { get; set; } = "eng";

    public long MaxUploadBytes { get; set; } = 10 * 1024 * 1024;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Width times height above which an image is refused before any node decodes it.</summary>
    public long MaxPixels { get; set; } = 40_000_000;

    /// <summary>Requests a gateway holds per known worker while all are busy, before it answers 429.</summary>
    public int QueuePerWorker { get; set; } = 2;

    /// <summary>The most pages of a document that <c>POST /ocr</c> reads itself (<c>Ocr__MaxSyncPages</c>); longer ones are for a job.</summary>
    public int MaxSyncPages { get; set; } = 10;

    /// <summary>The resolution PDF pages are rasterized at (<c>Ocr__PdfDpi</c>).</summary>
    public int PdfDpi { get; set; } = 300;

    /// <summary>The largest document a job takes (<c>Ocr__MaxDocumentBytes</c>).</summary>
    public long MaxDocumentBytes { get; set; } = 100 * 1024 * 1024;

    /// <summary>The most pages of one job (<c>Ocr__MaxPages</c>).</summary>
    public int MaxPages { get; set; } = 500;

    /// <summary>What this gateway's router to the OCR workers is given.</summary>
    public OcrRoutingSettings Routing => new(Timeout, QueuePerWorker);

    public IEnumerable<string> Validate()
    {
        if (MaxUploadBytes is < 1024 or > 100 * 1024 * 1024)
            yield return $"Ocr__MaxUploadBytes {MaxUploadBytes} is outside 1 KiB to 100 MiB";
        if (Timeout < TimeSpan.FromSeconds(1) || Timeout > TimeSpan.FromMinutes(10))
            yield return $"Ocr__Timeout {Timeout} is outside 1 second to 10 minutes";
        if (MaxSyncPages is < 1 or > 100)
            yield return $"Ocr__MaxSyncPages {MaxSyncPages} is outside 1 to 100";
        if (PdfDpi is < 72 or > 600)
            yield return $"Ocr__PdfDpi {PdfDpi} is outside 72 to 600";
        if (MaxDocumentBytes is < 1024 or > 1024L * 1024 * 1024)
            yield return $"Ocr__MaxDocumentBytes {MaxDocumentBytes} is outside 1 KiB to 1 GiB";
        if (MaxPages is < 1 or > 10_000)
            yield return $"Ocr__MaxPages {MaxPages} is outside 1 to 10000";
        if (QueuePerWorker is < 0 or > 1000)
            yield return $"Ocr__QueuePerWorker {QueuePerWorker} is outside 0 to 1000";
    }
}
