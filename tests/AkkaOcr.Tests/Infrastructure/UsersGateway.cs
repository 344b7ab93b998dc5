namespace AkkaOcr.Tests.Infrastructure;

/// <summary>
/// One real gateway hosting the users role in this process, on a throwaway database, shared by the tests of
/// a class (a class fixture) whose cases only need a gateway to answer them: starting one per case is slow.
/// The rate limit is out of the way.
/// </summary>
public sealed class UsersGateway : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private GatewayFactory _gateway = null!;

    public HttpClient Client { get; private set; } = null!;

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
