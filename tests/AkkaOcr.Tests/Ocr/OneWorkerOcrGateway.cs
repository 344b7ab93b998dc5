using AkkaOcr.ServiceDefaults.Cluster;
using AkkaOcr.Tests.Infrastructure;

namespace AkkaOcr.Tests.Ocr;

/// <summary>
/// A gateway and a back-end node with the users and ocr roles and one OCR worker, on a database of its own,
/// with a signed-in client whose uploads a worker already answers.
/// </summary>
internal sealed class OneWorkerOcrGateway : IAsyncDisposable
{
    private readonly TestDatabase _database;
    private readonly GatewayFactory _gateway;

    private OneWorkerOcrGateway(TestDatabase database, GatewayFactory gateway, HttpClient client)
    {
        _database = database;
        _gateway = gateway;
        Client = client;
    }

    public HttpClient Client { get; }

    /// <param name="ocrSettings">More <c>Ocr:*</c> settings, as name and value.</param>
    public static async Task<OneWorkerOcrGateway> StartAsync(params (string Name, string Value)[] ocrSettings)
    {
        var database = await TestDatabase.CreateNewAsync();
        var settings = TestNode.SingleProcessSettings(database.ConnectionString);
        settings["Akka:Roles:1"] = ClusterRoles.Ocr;
        settings["Ocr:Workers"] = "1";
        settings["RateLimits:PerClientPerMinute"] = "10000";
        foreach (var (name, value) in ocrSettings)
            settings[$"Ocr:{name}"] = value;
        var gateway = new GatewayFactory(settings);
        var client = await gateway.CreateReadyClientAsync();
        client.UseToken((await AccountFlow.SignUpAsync(gateway, client)).Token);
        await OcrApiTests.WaitForWorkersAsync(client);
        return new OneWorkerOcrGateway(database, gateway, client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _gateway.DisposeAsync();
        await _database.DisposeAsync();
    }
}
