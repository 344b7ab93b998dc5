using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AkkaOcr.Tests.Infrastructure;

/// <summary>The real gateway in process, with settings given per test instead of the environment.</summary>
public sealed class GatewayFactory(IDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    /// <summary>A valid test signing key, long enough to pass start-up validation.</summary>
    public const string JwtSigningKey = "test-signing-key-for-akkaocr-tests-0123456789";

    /// <summary>A client for this gateway, returned once its <c>/health/ready</c> answers 200.</summary>
    public async Task<HttpClient> CreateReadyClientAsync()
    {
        var client = CreateClient();
        await Eventually.MatchesAsync(() => client.GetAsync("/health/ready"), response => response.StatusCode == System.Net.HttpStatusCode.OK,
            TimeSpan.FromSeconds(40), "gateway readiness");
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Jwt:SigningKey", JwtSigningKey);
        foreach (var (key, value) in settings)
            builder.UseSetting(key, value);
    }
}
