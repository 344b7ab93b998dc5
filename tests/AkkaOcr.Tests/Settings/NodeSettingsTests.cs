using AkkaOcr.Gateway;
using AkkaOcr.Nodes;
using AkkaOcr.ServiceDefaults.Settings;
using AkkaOcr.Tests.Infrastructure;
using AkkaOcr.Users;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;

using static AkkaOcr.Tests.Settings.SettingsLoading;

namespace AkkaOcr.Tests.Settings;

public sealed class NodeSettingsTests
{
    private const string StrongKey = "a-key-that-is-long-enough-0123456789abcdef";

    [Fact]
    public void Users_node_outside_development_requires_connection_strings_and_data_key()
    {
        var error = Assert.Throws<SettingsException>(() => Load("Production", new() { ["Akka:Roles:0"] = "users" }));

        Assert.Contains("ConnectionStrings__Postgres is not set", error.Message);
        Assert.Contains("ConnectionStrings__RabbitMq is not set", error.Message);
        Assert.Contains("Security__DataKey is not set", error.Message);
    }

    [Fact]
    public void Gateway_rejects_a_signing_key_shorter_than_32_bytes_without_printing_it()
    {
        var error = Assert.Throws<SettingsException>(() =>
            LoadGateway("Production", new() { ["Jwt:SigningKey"] = "short-secret" }));

        Assert.Contains("Jwt__SigningKey is 12 bytes; at least 32 are required", error.Message);
        Assert.DoesNotContain("short-secret", error.Message);
    }

    [Fact]
    public void Development_fills_in_local_defaults_and_ocr_nodes_need_no_database()
    {
        var users = Load("Development", new() { ["Akka:Roles:0"] = "users" });
        Assert.Contains("Database=akkaocr", users.PostgresConnectionString);
        Assert.True(users.Security.DataKeyBytes.Length >= SecuritySettings.MinimumKeyBytes);

        var ocr = Load("Production", WithTlsFiles(new() { ["Akka:Roles:0"] = "ocr" }));
        Assert.False(ocr.NeedsPostgres);
        Assert.False(ocr.NeedsRabbitMq);
    }

    [Fact]
    public void Unknown_roles_and_malformed_seed_nodes_are_named()
    {
        var error = Assert.Throws<SettingsException>(() => Load("Production", new()
        {
            ["Akka:Roles:0"] = "ocr",
            ["Akka:Roles:1"] = "printer",
            ["Akka:SeedNodes:0"] = "http://127.0.0.1:4053",
        }));

        Assert.Contains("unknown role 'printer'", error.Message);
        Assert.Contains("seed node 'http://127.0.0.1:4053'", error.Message);
    }

    [Fact]
    public void Values_of_the_wrong_type_and_a_zero_rate_limit_are_settings_errors()
    {
        var badPort = Assert.Throws<SettingsException>(() => Load("Production", new() { ["Akka:Roles:0"] = "ocr", ["Akka:Port"] = "abc" }));
        Assert.StartsWith("Akka:", badPort.Message);
        Assert.Contains("abc", badPort.Message);

        var zeroLimit = Assert.Throws<SettingsException>(() =>
            LoadGateway("Production", new() { ["Jwt:SigningKey"] = StrongKey, ["RateLimits:PerClientPerMinute"] = "0" }));
        Assert.Contains("RateLimits__PerClientPerMinute must be at least 1", zeroLimit.Message);
    }

    [Fact]
    public void Gateway_role_comes_first_and_duplicates_collapse()
    {
        var settings = LoadGateway("Production", WithTlsFiles(new()
        {
            ["Jwt:SigningKey"] = StrongKey, ["Akka:Roles:0"] = "gateway", ["ConnectionStrings:Postgres"] = "Host=db;Database=akkaocr",
        }));

        Assert.Equal(["gateway"], settings.Akka.Roles);
    }

    [Fact]
    public void A_gateway_outside_development_needs_the_database_it_stores_documents_in()
    {
        var problem = Assert.Throws<SettingsException>(() => LoadGateway("Production", new() { ["Jwt:SigningKey"] = StrongKey }));
        Assert.Contains("ConnectionStrings__Postgres is not set (the gateway stores uploaded documents)", problem.Message);
    }

    [Fact]
    public void Gateway_login_and_upload_protections_default_to_production_figures_and_refuse_bad_values()
    {
        var defaults = LoadGateway("Development", []);
        Assert.Equal(210_000, defaults.Passwords.Iterations);
        Assert.Empty(defaults.ForwardedHeaders.KnownProxies);
        Assert.Empty(defaults.ForwardedHeaders.KnownNetworks);
        Assert.Equal((8, 2), (defaults.Uploads.MaxConcurrent, defaults.Uploads.MaxConcurrentPerUser));

        var problem = Assert.Throws<SettingsException>(() => LoadGateway("Development", new()
        {
            ["Passwords:Iterations"] = "10",
            ["Passwords:MaxConcurrentHashes"] = "0",
            ["ForwardedHeaders:KnownProxies:0"] = "proxy.example.org",
            ["ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/33",
            ["Uploads:MaxConcurrent"] = "2",
            ["Uploads:MaxConcurrentPerUser"] = "3",
        }));
        Assert.Contains("Passwords__Iterations 10 is outside 1000 to 10000000", problem.Message);
        Assert.Contains("Passwords__MaxConcurrentHashes 0 is outside 1 to 1024", problem.Message);
        Assert.Contains("ForwardedHeaders__KnownProxies__0 'proxy.example.org' is not an IP address", problem.Message);
        Assert.Contains("ForwardedHeaders__KnownNetworks__0 '10.0.0.0/33' is not a network in CIDR form", problem.Message);
        Assert.Contains("Uploads__MaxConcurrentPerUser 3 is outside 1 to Uploads__MaxConcurrent (2)", problem.Message);
    }

    [Fact]
    public void Gateway_refuses_back_end_roles_and_nodes_refuse_the_gateway_role()
    {
        var gateway = Assert.Throws<SettingsException>(() =>
            LoadGateway("Production", new() { ["Jwt:SigningKey"] = StrongKey, ["Akka:Roles:0"] = "ocr" }));
        Assert.Contains("the gateway hosts no back-end role (ocr): run AkkaOcr.Nodes for it", gateway.Message);

        var node = Assert.Throws<SettingsException>(() => Load("Production", new() { ["Akka:Roles:0"] = "gateway" }));
        Assert.Contains("the gateway role needs the HTTP API: run AkkaOcr.Gateway for it", node.Message);
    }

    [Fact]
    public async Task Nodes_process_with_bad_settings_exits_78_with_one_line_on_stderr()
    {
        var line = await ConfigurationErrorLineAsync(new() { ["Akka__Roles__0"] = "users", ["Security__DataKey"] = "weak" });

        Assert.StartsWith("AkkaOcr.Nodes: configuration error:", line);
        Assert.Contains("Security__DataKey is 4 bytes", line);
    }

    [Fact]
    public void Outside_development_a_node_needs_the_clusters_certificate_and_CA()
    {
        var none = Assert.Throws<SettingsException>(() => Load("Production", new() { ["Akka:Roles:0"] = "ocr" }));
        Assert.Contains("Akka__Tls__CertificatePath and Akka__Tls__CaCertificatePath are not set: outside Development nodes talk only over mutual TLS", none.Message);

        var half = Assert.Throws<SettingsException>(() => Load("Production", new() { ["Akka:Roles:0"] = "ocr", ["Akka:Tls:CertificatePath"] = "node.p12" }));
        Assert.Contains("Akka__Tls__CaCertificatePath is not set, but Akka__Tls__CertificatePath is", half.Message);
    }

    [Fact]
    public void Development_without_certificates_may_listen_on_loopback_only()
    {
        Assert.False(Load("Development", new() { ["Akka:Roles:0"] = "ocr" }).Akka.Tls.IsConfigured);

        var wildcard = Assert.Throws<SettingsException>(() => Load("Development", new() { ["Akka:Roles:0"] = "ocr", ["Akka:Hostname"] = "0.0.0.0" }));
        Assert.Contains("without TLS a node may listen on loopback only, not on '0.0.0.0'", wildcard.Message);
    }

    [Fact]
    public async Task A_configured_certificate_that_cannot_be_read_stops_the_node_with_one_line()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"akkaocr-missing-{Guid.NewGuid():N}", "node.p12");

        var line = await ConfigurationErrorLineAsync(new()
        {
            ["Akka__Roles__0"] = "ocr", ["Akka__Tls__CertificatePath"] = missing, ["Akka__Tls__CertificatePassword"] = "not-printed-anywhere",
            ["Akka__Tls__CaCertificatePath"] = TestClusterTls.CaCertificatePath(TestServices.ClusterTlsFolder),
        });

        Assert.StartsWith($"AkkaOcr.Nodes: configuration error: Akka__Tls__CertificatePath '{missing}' cannot be read as PKCS#12", line);
        Assert.DoesNotContain("not-printed-anywhere", line);
    }

    /// <summary>Runs the Nodes process in Production with <paramref name="environment"/>, asserts it exits 78, and returns its one line on stderr.</summary>
    private static Task<string> ConfigurationErrorLineAsync(Dictionary<string, string?> environment) =>
        ConfigurationErrorProcess.LineAsync(typeof(NodesProgram).Assembly, "Production", environment);
}
