using AkkaOcr.Tests.Infrastructure;

namespace AkkaOcr.Tests.MultiProcess;

/// <summary>
/// What every process of one test's cluster shares: its own database and virtual host on the services
/// of ./test.sh, an SMTP server of its own, test keys, the test CA's certificate, and a rate limit out of the load's way.
/// </summary>
public sealed class ClusterEnvironment : IAsyncDisposable
{
    public const string DataKey = "test-data-key-for-akkaocr-tests-0123456789";

    private ClusterEnvironment(TestDatabase database, string? virtualHost, string rabbitMqUri, TestSmtpServer smtp)
    {
        Database = database;
        VirtualHost = virtualHost;
        Smtp = smtp;
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["DOTNET_ENVIRONMENT"] = "Testing",
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["ConnectionStrings__Postgres"] = database.ConnectionString,
            ["ConnectionStrings__RabbitMq"] = rabbitMqUri,
            ["Akka__Hostname"] = "127.0.0.1",
            ["Jwt__SigningKey"] = GatewayFactory.JwtSigningKey,
            ["Security__DataKey"] = DataKey,
            ["Smtp__Host"] = "127.0.0.1",
            ["Smtp__Port"] = smtp.Port.ToString(),
            ["RateLimits__PerClientPerMinute"] = "1000000",
            ["Passwords__Iterations"] = GatewayFactory.PasswordIterations,
            ["Passwords__MaxQueuedHashes"] = GatewayFactory.MaxQueuedHashes,
        };
        // Every process of the cluster talks mutual TLS with the test CA's certificate, as in production.
        foreach (var (key, value) in TestClusterTls.EnvironmentVariables())
            variables[key] = value;
        Variables = variables;
    }

    public TestDatabase Database { get; }

    /// <summary>The virtual host of the shared broker; none when the cluster has a broker of its own.</summary>
    public string? VirtualHost { get; }

    public TestSmtpServer Smtp { get; }

    public IReadOnlyDictionary<string, string> Variables { get; }

    /// <param name="postgres">A server of the test's own to put the database on, instead of the shared one.</param>
    /// <param name="rabbitMq">A broker of the test's own to mail through, instead of a virtual host on the shared one.</param>
    public static async Task<ClusterEnvironment> CreateAsync(TimeSpan? smtpDelay = null, PrivatePostgresServer? postgres = null,
        PrivateRabbitMqServer? rabbitMq = null)
    {
        var database = postgres is null ? await TestDatabase.CreateNewAsync() : await postgres.CreateDatabaseAsync();
        if (rabbitMq is not null)
            return new ClusterEnvironment(database, null, rabbitMq.Uri, TestSmtpServer.Start(smtpDelay));
        var virtualHost = await RabbitMqAdmin.CreateVirtualHostAsync();
        return new ClusterEnvironment(database, virtualHost, TestServices.RabbitMqUri + virtualHost, TestSmtpServer.Start(smtpDelay));
    }

    public ClusterHarness CreateCluster() => new(Variables);

    public async ValueTask DisposeAsync()
    {
        await Smtp.DisposeAsync();
        if (VirtualHost is not null)
            await RabbitMqAdmin.CtlAsync("delete_vhost", VirtualHost);
        await Database.DisposeAsync();
    }
}
