using Akka.Actor;
using AkkaOcr.Nodes;
using AkkaOcr.ServiceDefaults.Cluster;
using AkkaOcr.ServiceDefaults.Cluster.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AkkaOcr.Tests.Infrastructure;

/// <summary>
/// A back-end node started in this process through the same composition as the <c>Nodes</c>
/// executable, with its own remoting port and health endpoint.
/// </summary>
public sealed class TestNode : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestNode(WebApplication app, int akkaPort)
    {
        _app = app;
        AkkaPort = akkaPort;
    }

    public int AkkaPort { get; }

    public string Address => $"{ClusterTransport.TlsScheme}://akkaocr@127.0.0.1:{AkkaPort}";

    public IServiceProvider Services => _app.Services;

    public ActorSystem System => _app.Services.GetRequiredService<ActorSystem>();

    public Uri HealthBaseAddress =>
        new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>
    /// Starts a node with the test cluster's certificate; <paramref name="seedPort"/> defaults to its own port,
    /// so it forms a new cluster. <paramref name="settings"/> override any of it.
    /// </summary>
    public static async Task<TestNode> StartAsync(
        IReadOnlyList<string> roles, int? akkaPort = null, int? seedPort = null, IDictionary<string, string?>? settings = null,
        string environment = "Testing")
    {
        var port = akkaPort ?? FreeTcpPort.Next();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(ClusterSettings(roles, port, seedPort ?? port));
        if (settings is not null)
            builder.Configuration.AddInMemoryCollection(settings);
        var app = NodesProgram.BuildApp(builder);
        await app.StartAsync();
        return new TestNode(app, port);
    }

    public static Dictionary<string, string?> ClusterSettings(IReadOnlyList<string> roles, int akkaPort, int seedPort)
    {
        var settings = TestClusterTls.Configuration();
        settings["Akka:Hostname"] = "127.0.0.1";
        settings["Akka:Port"] = akkaPort.ToString();
        settings["Akka:SeedNodes:0"] = $"akka.tcp://akkaocr@127.0.0.1:{seedPort}";
        for (var i = 0; i < roles.Count; i++)
            settings[$"Akka:Roles:{i}"] = roles[i];
        return settings;
    }

    /// <summary>What a <c>users</c> node needs besides its place in the cluster: the test Postgres database and broker.</summary>
    public static Dictionary<string, string?> UsersDependencies(string postgres, string virtualHost = "") => new()
    {
        ["ConnectionStrings:Postgres"] = postgres,
        ["ConnectionStrings:RabbitMq"] = TestServices.RabbitMqUri + virtualHost,
        ["Security:DataKey"] = "test-data-key-for-akkaocr-tests-0123456789",
    };

    /// <summary>
    /// A gateway that also hosts the <c>users</c> role, and the <c>notifier</c> role when an SMTP port
    /// is given, forming its own one-node cluster.
    /// </summary>
    public static Dictionary<string, string?> SingleProcessSettings(string postgres, string virtualHost = "", int? smtpPort = null)
    {
        var port = FreeTcpPort.Next();
        var settings = ClusterSettings(smtpPort is null ? [ClusterRoles.Users] : [ClusterRoles.Users, ClusterRoles.Notifier], port, port);
        foreach (var (key, value) in UsersDependencies(postgres, virtualHost))
            settings[key] = value;
        if (smtpPort is not null)
        {
            settings["Smtp:Host"] = "127.0.0.1";
            settings["Smtp:Port"] = smtpPort.ToString();
        }
        return settings;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
