using AkkaOcr.ServiceDefaults.Settings;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AkkaOcr.Tests.Infrastructure;

/// <summary>
/// The real gateway in process, with settings given per test instead of the environment. When the settings
/// name back-end roles (<see cref="TestNode.SingleProcessSettings"/>), those roles run in a <see cref="Backend"/>
/// node of their own in this process, on the settings' Akka port, and the gateway joins it: the gateway
/// hosts no role but its own.
/// </summary>
public sealed class GatewayFactory : WebApplicationFactory<Program>
{
    /// <summary>A valid test signing key, long enough to pass start-up validation.</summary>
    public const string JwtSigningKey = "test-signing-key-for-akkaocr-tests-0123456789";

    /// <summary>
    /// The password hashing cost of test gateways unless a test sets <c>Passwords:Iterations</c>: the lowest allowed,
    /// so that the many sign-ups of the suite cost milliseconds. Production's default is OWASP's figure.
    /// </summary>
    public const string PasswordIterations = "1000";

    /// <summary>
    /// Room for every hash a test's parallel requests ask for: a test of the cap on concurrent hashing sets its own.
    /// </summary>
    public const string MaxQueuedHashes = "10000";

    private readonly IDictionary<string, string?> _backendSettings;
    private readonly IDictionary<string, string?> _gatewaySettings;
    private readonly IReadOnlyList<string> _backendRoles;
    private TestNode? _backend;

    public GatewayFactory(IDictionary<string, string?> settings)
    {
        static bool IsRole(string key) => key.StartsWith($"{AkkaSettings.SectionName}:Roles:", StringComparison.Ordinal);
        _backendRoles = settings.Where(pair => IsRole(pair.Key)).Select(pair => pair.Value!).ToList();
        _backendSettings = settings;
        // The gateway joins through the same seed (the back-end node's own port), on a port of its own.
        _gatewaySettings = new Dictionary<string, string?>(settings.Where(pair => !IsRole(pair.Key)));
        if (_backendRoles.Count > 0)
            _gatewaySettings["Akka:Port"] = FreeTcpPort.Next().ToString();
    }

    /// <summary>The node running the settings' back-end roles; started by <see cref="CreateReadyClientAsync"/>.</summary>
    public TestNode Backend => _backend ?? throw new InvalidOperationException(
        _backendRoles.Count == 0 ? "these settings name no back-end role" : "the back-end node starts with CreateReadyClientAsync");

    /// <summary>A client for this gateway, returned once its <c>/health/ready</c> (and its back-end node's) answers 200.</summary>
    public async Task<HttpClient> CreateReadyClientAsync()
    {
        if (_backendRoles.Count > 0 && _backend is null)
        {
            _backend = await TestNode.StartAsync(_backendRoles, int.Parse(_backendSettings["Akka:Port"]!), settings: _backendSettings);
            using var backend = new HttpClient { BaseAddress = _backend.HealthBaseAddress };
            await WaitReadyAsync(backend, "back-end node readiness");
        }
        var client = CreateClient();
        await WaitReadyAsync(client, "gateway readiness");
        return client;
    }

    /// <summary>Generous: a 2-core machine running other tests beside this one starts nodes slowly.</summary>
    private static Task WaitReadyAsync(HttpClient client, string what) =>
        Eventually.MatchesAsync(async () =>
            {
                using var response = await client.GetAsync("/health/ready");
                return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
            },
            ready => ready.StatusCode == System.Net.HttpStatusCode.OK, TimeSpan.FromSeconds(60), what);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Jwt:SigningKey", JwtSigningKey);
        builder.UseSetting("Passwords:Iterations", PasswordIterations);
        builder.UseSetting("Passwords:MaxQueuedHashes", MaxQueuedHashes);
        // Every gateway stores uploaded documents; one whose test brings no database of its own gets the
        // test server's, where its job tables are created and left unused.
        if (!_gatewaySettings.ContainsKey("ConnectionStrings:Postgres"))
            builder.UseSetting("ConnectionStrings:Postgres", TestServices.PostgresAdmin);
        foreach (var (key, value) in _gatewaySettings)
            builder.UseSetting(key, value);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_backend is not null)
            await _backend.DisposeAsync();
    }
}
