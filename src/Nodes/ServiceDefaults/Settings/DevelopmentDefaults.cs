namespace AkkaOcr.ServiceDefaults.Settings;

/// <summary>
/// Values filled in only when the environment is Development, so that <c>./run.sh</c> works out of the
/// box. Outside Development a missing value stops the node: there is no built-in production secret.
/// </summary>
public static class DevelopmentDefaults
{
    public const string Postgres = "Host=127.0.0.1;Port=5432;Database=akkaocr;Username=akkaocr;Password=akkaocr";
    public const string RabbitMq = "amqp://guest:guest@127.0.0.1:5672/";
    public const string JwtSigningKey = "development-only-jwt-signing-key-change-me-0123456789";
    public const string DataKey = "development-only-data-key-change-me-0123456789abcdef";
}
