using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AkkaOcr.Tests.Documents;

namespace AkkaOcr.Tests.Jobs;

/// <summary>
/// <c>GET /ocr/jobs/{id}/pages/{page}/image</c> against the real back end and poppler: the owner gets a PNG of
/// the page the json result's boxes belong to, everyone else learns nothing, and an unfinished job has no pages to show.
/// </summary>
public sealed class JobPageImageTests(JobsGateway jobs) : IClassFixture<JobsGateway>
{
    [Fact]
    public async Task The_owner_gets_a_png_of_the_page_with_the_aspect_of_its_result_and_a_stranger_gets_404()
    {
        var (owner, _) = await jobs.SignedInClientAsync("Owner");
        var (stranger, _) = await jobs.SignedInClientAsync("Stranger");
        var jobId = await JobsGateway.StartJobAsync(owner, TestDocuments.ScannedPdf(300, "The first page.", "The second page."));
        Assert.Equal("succeeded", (await JobsGateway.FinishedAsync(owner, jobId)).GetProperty("status").GetString());
        var result = await owner.GetFromJsonAsync<JsonElement>($"/ocr/jobs/{jobId}/result?format=json");

        for (var page = 1; page <= 2; page++)
        {
            using var response = await owner.GetAsync($"/ocr/jobs/{jobId}/pages/{page}/image");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
            Assert.True(response.Headers.CacheControl!.Private);
            var png = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
            var (width, height) = (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
            var resultPage = result.GetProperty("pages")[page - 1];
            var (resultWidth, resultHeight) = (resultPage.GetProperty("width").GetInt32(), resultPage.GetProperty("height").GetInt32());
            Assert.Equal((double)resultWidth / resultHeight, (double)width / height, 0.01);
            // Small: about 100 dpi, where the result's pixels are at its own resolution (300 dpi for this scan).
            Assert.Equal(resultPage.GetProperty("resolution").GetInt32() / 100.0, (double)resultWidth / width, 0.05);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/ocr/jobs/{jobId}/pages/3/image")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/ocr/jobs/{jobId}/pages/1/image")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/ocr/jobs/{Guid.NewGuid()}/pages/1/image")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await jobs.Gateway.CreateClient().GetAsync($"/ocr/jobs/{jobId}/pages/1/image")).StatusCode);
    }

    [Fact]
    public async Task An_unfinished_job_answers_409()
    {
        var (client, _) = await jobs.SignedInClientAsync();
        var pages = Enumerable.Range(1, JobsGateway.MaxPages).Select(n => $"Page {n} of a long document.").ToArray();
        var jobId = await JobsGateway.StartJobAsync(client, TestDocuments.ScannedPdf(300, pages));
        try
        {
            using var response = await client.GetAsync($"/ocr/jobs/{jobId}/pages/1/image");
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            Assert.Contains("once it has succeeded", await response.Content.ReadAsStringAsync());
        }
        finally
        {
            await client.DeleteAsync($"/ocr/jobs/{jobId}");
        }
    }
}
