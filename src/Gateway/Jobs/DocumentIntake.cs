using AkkaOcr.Documents.Storage;
using AkkaOcr.Documents.Tools;
using AkkaOcr.Gateway.Ocr;
using AkkaOcr.Gateway.Ocr.Images;
using AkkaOcr.Messages.Jobs;

namespace AkkaOcr.Gateway.Jobs;

/// <summary>
/// Takes an uploaded document in for a job: checks it (image headers here, the PDF structure in a child
/// process), turns a TIFF or an image into a PDF of its original pixels, and stores it. The document is in
/// PostgreSQL before any job entity hears of it, so an accepted job never lacks its document.
/// </summary>
public sealed class DocumentIntake(JobStore store, GatewaySettings settings)
{
    public abstract record Outcome;

    public sealed record Stored(DocumentJobId JobId, int PageCount) : Outcome;

    public sealed record Refused(IResult Problem) : Outcome;

    public async Task<Outcome> TakeAsync(string ownerId, byte[] document, CancellationToken cancellationToken)
    {
        var ocr = settings.Ocr;
        var isPdf = document.AsSpan().StartsWith("%PDF-"u8);
        if (!isPdf)
        {
            var header = ImageHeader.Read(document, ocr.MaxPixels);
            if (header.Format == ImageFormat.Unknown)
                return Refuse(StatusCodes.Status415UnsupportedMediaType, "Not a document",
                    $"The file is neither a PDF nor an image this service reads ({ImageHeader.AcceptedFormats}).");
            if (header.Refusal != ImageRefusal.None && header.Refusal != ImageRefusal.TooManyTiffDirectories)
                return new Refused(OcrEndpoints.Refused(header.Refusal));
            if (!header.HasDimensions)
                return Refuse(StatusCodes.Status422UnprocessableEntity, "Unreadable document", $"The {header.Format} header is truncated or malformed.");
            if (header.Pixels > ocr.MaxPixels)
                return Refuse(StatusCodes.Status422UnprocessableEntity, "Page too large to read",
                    $"A page is {header.Width}x{header.Height} pixels; at most {ocr.MaxPixels} pixels are read.");
        }

        DocumentInspection inspection;
        byte[] pdf;
        try
        {
            inspection = await DocumentInspector.InspectAsync(document, ocr.MaxPages, ToolLimits.Default, cancellationToken);
            pdf = await PdfConversion.ToPdfAsync(document, inspection.Kind, ToolLimits.Default, cancellationToken);
        }
        catch (DocumentRefusedException refused)
        {
            return refused.Reason switch
            {
                DocumentRefusal.TooManyPages => Refuse(StatusCodes.Status413PayloadTooLarge, "Too many pages",
                    $"{refused.Detail} A job reads at most {ocr.MaxPages} pages."),
                DocumentRefusal.Encrypted => Refuse(StatusCodes.Status422UnprocessableEntity, "Encrypted document", refused.Detail),
                DocumentRefusal.NoPages => Refuse(StatusCodes.Status422UnprocessableEntity, "Empty document", refused.Detail),
                DocumentRefusal.Unsupported => Refuse(StatusCodes.Status415UnsupportedMediaType, "Not a document", refused.Detail),
                _ => Refuse(StatusCodes.Status422UnprocessableEntity, "Unreadable document", refused.Detail),
            };
        }
        catch (DocumentToolException failed)
        {
            return Refuse(StatusCodes.Status422UnprocessableEntity, "Unreadable document", $"The document could not be read: {failed.Message}");
        }

        var jobId = DocumentJobId.New();
        await store.SaveDocumentAsync(jobId, ownerId, inspection.Kind.ToString().ToLowerInvariant(), inspection.PageCount, pdf, cancellationToken);
        return new Stored(jobId, inspection.PageCount);
    }

    private static Refused Refuse(int status, string title, string detail) => new(OcrEndpoints.Problem(status, title, detail));
}
