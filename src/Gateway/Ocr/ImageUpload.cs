using AkkaOcr.Gateway.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace AkkaOcr.Gateway.Ocr;

/// <summary>
/// Reads the multipart field <c>file</c> into memory as it streams in, and stops at the first byte
/// past the limit: an oversized upload is refused without being buffered whole, and nothing is ever
/// written to disk (unlike form binding, which spools large files to temporary files). The caller holds
/// an upload slot (<see cref="Uploads.UploadSlots"/>) before calling, so reads in progress are bounded too.
/// </summary>
public static class ImageUpload
{
    public const string FieldName = "file";

    /// <summary>Room for the multipart boundaries, headers and small extra fields around the file.</summary>
    private const int EnvelopeBytes = 64 * 1024;

    public abstract record Result;

    public sealed record Received(byte[] Image) : Result;

    public sealed record TooLarge : Result;

    public sealed record Invalid(string Detail) : Result;

    public static async Task<Result> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes + EnvelopeBytes)
            return new TooLarge();
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
            bodyLimit.MaxRequestBodySize = maxBytes + EnvelopeBytes;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
            return new Invalid($"Send the image as multipart/form-data in the field '{FieldName}'.");

        try
        {
            var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024, HeadersCountLimit = 16 };
            var otherBytes = 0L;
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    && HeaderUtilities.RemoveQuotes(disposition.Name).Equals(FieldName, StringComparison.Ordinal))
                    return await ReadFileAsync(section.Body, maxBytes, cancellationToken);
                otherBytes += await DrainAsync(section.Body, EnvelopeBytes - otherBytes, cancellationToken);
                if (otherBytes >= EnvelopeBytes)
                    return new Invalid($"The fields besides '{FieldName}' are larger than {EnvelopeBytes / 1024} KiB.");
            }
            return new Invalid($"There is no field '{FieldName}' with an image.");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new TooLarge();
        }
        catch (InvalidDataException e)
        {
            return new Invalid($"The multipart body is malformed: {e.Message}");
        }
        catch (IOException) when (!cancellationToken.IsCancellationRequested)
        {
            // The body ended before its closing boundary: a client's error, not the server's.
            return new Invalid("The multipart body ended before its closing boundary.");
        }
    }

    private static async Task<Result> ReadFileAsync(Stream body, long maxBytes, CancellationToken cancellationToken) =>
        await BoundedBody.ReadBytesAsync(body, maxBytes, cancellationToken) switch
        {
            null => new TooLarge(),
            { Length: 0 } => new Invalid($"The field '{FieldName}' is empty."),
            var image => new Received(image),
        };

    private static async Task<long> DrainAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        long total = 0;
        int read;
        while (total < limit && (read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            total += read;
        return total;
    }
}
