using AkkaOcr.Gateway;
using AkkaOcr.Nodes;
using AkkaOcr.ServiceDefaults.Settings;
using AkkaOcr.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;

using static AkkaOcr.Tests.Settings.SettingsLoading;

namespace AkkaOcr.Tests.Settings;

/// <summary>
/// The published development secrets are refused unless every listener is loopback: whether Development
/// filled them in or someone configured them by copying.
/// </summary>
public sealed class DevelopmentSecretsTests
{
    private const string StrongKey = "a-key-that-is-long-enough-0123456789abcdef";

    [Fact]
    public async Task A_development_gateway_on_a_public_address_exits_78_naming_the_key_and_the_address()
    {
        var url = $"http://0.0.0.0:{FreeTcpPort.Next()}";

        var line = await ConfigurationErrorProcess.LineAsync(typeof(GatewaySettings).Assembly, "Development", [], "--urls", url);

        Assert.StartsWith("AkkaOcr.Gateway: configuration error:", line);
        Assert.Contains("Jwt__SigningKey, ConnectionStrings__Postgres are the published development value", line);
        Assert.Contains($"listens on {url}", line);
        Assert.DoesNotContain(DevelopmentDefaults.JwtSigningKey, line);
    }

    [Fact]
    public async Task A_development_users_node_with_a_public_Akka_address_exits_78()
    {
        var line = await ConfigurationErrorProcess.LineAsync(typeof(NodesProgram).Assembly, "Development", new()
        {
            ["Akka__Roles__0"] = "users", ["Akka__Hostname"] = "0.0.0.0", ["Akka__PublicHostname"] = "users-1.example.org",
            ["Akka__Tls__CertificatePath"] = "node.p12", ["Akka__Tls__CaCertificatePath"] = "ca.crt",
        });

        Assert.StartsWith("AkkaOcr.Nodes: configuration error:", line);
        Assert.Contains("ConnectionStrings__Postgres, ConnectionStrings__RabbitMq, Security__DataKey are the published development value", line);
        Assert.Contains("Akka__Hostname '0.0.0.0'", line);
    }

    [Theory]
    [InlineData("urls", "http://+:5001", "http://+:5001")]
    [InlineData("urls", "http://127.0.0.1:5001;http://[::]:5002", "http://[::]:5002")]
    [InlineData("Kestrel:Endpoints:Public:Url", "https://gateway.example.org:443", "https://gateway.example.org:443")]
    [InlineData("Akka:PublicHostname", "gateway.example.org", "Akka__PublicHostname 'gateway.example.org'")]
    public void A_copied_development_key_is_refused_outside_development_too(string key, string value, string named)
    {
        var problem = Assert.Throws<SettingsException>(() => LoadGateway("Production", new()
        {
            ["Jwt:SigningKey"] = DevelopmentDefaults.JwtSigningKey, ["ConnectionStrings:Postgres"] = "Host=db;Database=akkaocr", [key] = value,
        }));

        Assert.Contains("Jwt__SigningKey is the published development value", problem.Message);
        Assert.Contains(named, problem.Message);
    }

    [Fact]
    public void Development_keys_on_loopback_and_own_keys_anywhere_are_accepted()
    {
        LoadGateway("Development", new() { ["urls"] = "http://localhost:5001;http://[::1]:5002;http://unix:/run/akkaocr/gateway.sock" });
        LoadGateway("Production", WithTlsFiles(new()
        {
            ["Jwt:SigningKey"] = StrongKey, ["ConnectionStrings:Postgres"] = "Host=db;Database=akkaocr", ["urls"] = "http://0.0.0.0:5001",
        }));
        Load("Development", new() { ["Akka:Roles:0"] = "users", ["urls"] = "http://127.0.0.1:5101" });
    }

    [Fact]
    public void Development_defaults_a_node_does_not_use_do_not_count()
    {
        // An OCR node holds no secret; Development's connection strings are filled in but never used.
        var ocr = Load("Development", WithTlsFiles(new() { ["Akka:Roles:0"] = "ocr", ["Akka:Hostname"] = "0.0.0.0", ["urls"] = "http://0.0.0.0:5102" }));
        Assert.Equal("0.0.0.0", ocr.Akka.Hostname);

        var users = Assert.Throws<SettingsException>(() =>
            Load("Development", WithTlsFiles(new() { ["Akka:Roles:0"] = "users", ["urls"] = "http://0.0.0.0:5101" })));
        Assert.Contains("Security__DataKey", users.Message);
        Assert.Contains("listens on http://0.0.0.0:5101", users.Message);
    }
}
