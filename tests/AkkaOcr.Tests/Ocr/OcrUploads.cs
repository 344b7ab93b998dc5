using System.Net.Http.Headers;

namespace AkkaOcr.Tests.Ocr;

/// <summary>Builds <c>POST /ocr</c> requests as a browser or curl would send them.</summary>
internal static class OcrUploads
{
    public static HttpContent File(byte[] content, string fileName = "scan.png", string contentType = "image/png", string field = "file")
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return new MultipartFormDataContent { { file, field, fileName } };
    }

    public static Task<HttpResponseMessage> PostAsync(this HttpClient client, byte[] image, string query = "") =>
        client.PostAsync("/ocr" + query, File(image));
}
