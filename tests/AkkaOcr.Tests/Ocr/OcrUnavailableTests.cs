using System.Net;
using AkkaOcr.Tests.Infrastructure;

namespace AkkaOcr.Tests.Ocr;

/// <summary>A cluster with no <c>ocr</c> node answers uploads at once with 503, never a hang.</summary>
public sealed class OcrUnavailableTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private GatewayFactory _gateway = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateNewAsync();
        _gateway = new GatewayFactory(TestNode.SingleProcessSettings(_database.ConnectionString));
        _client = await _gateway.CreateReadyClientAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Without_an_ocr_node_an_upload_gets_503_with_retry_after()
    {
        _client.UseToken((await AccountFlow.SignUpAsync(_gateway, _client)).Token);

        var response = await _client.PostAsync(TestImages.Line("Anyone there"));

        await OcrApiTests.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, "No OCR node is available");
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
    }
}
