namespace AkkaOcr.Tests.Infrastructure;

/// <summary>
/// The throwaway services that <c>./test.sh</c> starts, found through the environment. Without them
/// a test fails with this message instead of quietly testing less.
/// </summary>
public static class TestServices
{
    public static string PostgresAdmin => Required("AKKAOCR_TEST_POSTGRES");

    public static string RabbitMqUri => Required("AKKAOCR_TEST_RABBITMQ");

    public static string RabbitMqNode => Required("AKKAOCR_TEST_RABBITMQ_NODE");

    /// <summary>The test clusters' private CA and node certificate (see <see cref="TestClusterTls"/>).</summary>
    public static string ClusterTlsFolder => Required("AKKAOCR_TEST_TLS");

    /// <summary>Another CA and a node certificate it issued: what a stranger to the test clusters holds.</summary>
    public static string StrangerTlsFolder => Required("AKKAOCR_TEST_TLS_STRANGER");

    private static string Required(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{variable} is not set. Run the tests through ./test.sh, which starts PostgreSQL and RabbitMQ and creates the cluster's certificates for them.");
}
