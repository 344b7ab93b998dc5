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

    private static string Required(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{variable} is not set. Run the tests through ./test.sh, which starts PostgreSQL and RabbitMQ for them.");
}
