namespace AkkaOcr.Tests.Infrastructure;

/// <summary>
/// One real gateway with the users role beside it in this process, on a throwaway database, the rate limit
/// out of the way. A class fixture where the cases only need a gateway to answer them (starting one per case
/// is slow), or a test's own where each case needs a fresh one.
/// </summary>
public sealed class UsersGateway : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private GatewayFactory _gateway = null!;

    public HttpClient Client { get; private set; } = null!;

    public GatewayFactory Gateway => _gateway;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateNewAsync();
        var settings = TestNode.SingleProcessSettings(_database.ConnectionString);
        settings["RateLimits:PerClientPerMinute"] = "10000";
        _gateway = new GatewayFactory(settings);
        Client = await _gateway.CreateReadyClientAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _gateway.DisposeAsync();
        await _database.DisposeAsync();
    }
}
