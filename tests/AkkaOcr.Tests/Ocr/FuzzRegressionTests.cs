using System.Net;
using System.Text;
using AkkaOcr.Tests.Documents;

namespace AkkaOcr.Tests.Ocr;

/// <summary>
/// Inputs the upload fuzz test (<see cref="MultiProcess.UploadFuzzTests"/>) found answered with a server
/// error, kept as they were sent, through the real gateway to a real ocr node.
/// </summary>
public sealed class FuzzRegressionTests : IAsyncLifetime
{
    private OneWorkerOcrGateway _ocr = null!;

    public async ValueTask InitializeAsync() => _ocr = await OneWorkerOcrGateway.StartAsync(("PdfDpi", "72"));

    public ValueTask DisposeAsync() => _ocr.DisposeAsync();

    [Fact]
    public async Task A_pdf_page_99999_points_wide_gets_422_not_a_restarted_engine_and_the_worker_reads_on()
    {
        // One number of the MediaBox changed, the cross-reference offsets left stale, as the mutation did:
        // at 72 dpi the page is 99999×300 pixels, under the pixel bound but wider than Tesseract addresses.
        var pdf = Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(TestDocuments.TextPdf("Fuzz 2026"))
            .Replace("/MediaBox [0 0 400 300]", "/MediaBox [0 0 99999 300]", StringComparison.Ordinal));

        await OcrApiTests.AssertProblemAsync(await _ocr.Client.PostAsync(pdf), HttpStatusCode.UnprocessableEntity, "99999x300 pixels, longer on one side");
        var next = await _ocr.Client.PostAsync(TestImages.Line(TestImages.Lines[0]));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }
}
