using AkkaOcr.Nodes.Cluster;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace AkkaOcr.Nodes.Settings;

/// <summary>
/// Everything a node needs, bound from configuration and validated before anything starts. Only the
/// settings the node's roles use are required: an OCR-only node needs no database.
/// </summary>
public sealed record NodeSettings(
    AkkaSettings Akka,
    string? PostgresConnectionString,
    string? RabbitMqConnectionString,
    JwtSettings Jwt,
    SecuritySettings Security,
    RateLimitSettings RateLimits,
    SmtpSettings Smtp,
    OcrSettings Ocr,
    MailSettings Mail)
{
    public bool HasRole(string role) => Akka.Roles.Contains(role);

    /// <summary>The journal for <c>users</c>; the record of sent mail, which stops duplicates, for <c>notifier</c>.</summary>
    public bool NeedsPostgres => HasRole(ClusterRoles.Users) || HasRole(ClusterRoles.Notifier);

    public bool NeedsRabbitMq => HasRole(ClusterRoles.Users) || HasRole(ClusterRoles.Notifier);

    /// <summary>Binds and validates; throws <see cref="SettingsException"/> naming every problem at once.</summary>
    /// <param name="hostRoles">Roles the host always has (the gateway's), added to <c>Akka__Roles</c>.</param>
    public static NodeSettings Load(IConfiguration configuration, IHostEnvironment environment, params string[] hostRoles)
    {
        var development = environment.IsDevelopment();

        var akka = Bind<AkkaSettings>(configuration, AkkaSettings.SectionName);
        if (akka.SeedNodes.Count == 0)
            akka.SeedNodes.Add(AkkaSettings.DefaultSeedNode);
        akka.Roles = hostRoles.Concat(akka.Roles).Select(role => role.Trim()).Where(role => role.Length > 0)
            .Distinct(StringComparer.Ordinal).ToList();

        var jwt = Bind<JwtSettings>(configuration, JwtSettings.SectionName);
        var security = Bind<SecuritySettings>(configuration, SecuritySettings.SectionName);
        var rateLimits = Bind<RateLimitSettings>(configuration, RateLimitSettings.SectionName);
        var smtp = Bind<SmtpSettings>(configuration, SmtpSettings.SectionName);
        var ocr = Bind<OcrSettings>(configuration, OcrSettings.SectionName);
        var mail = Bind<MailSettings>(configuration, MailSettings.SectionName);
        var postgres = configuration.GetConnectionString("Postgres");
        var rabbitMq = configuration.GetConnectionString("RabbitMq");
        if (development)
        {
            postgres = string.IsNullOrWhiteSpace(postgres) ? DevelopmentDefaults.Postgres : postgres;
            rabbitMq = string.IsNullOrWhiteSpace(rabbitMq) ? DevelopmentDefaults.RabbitMq : rabbitMq;
            if (string.IsNullOrEmpty(jwt.SigningKey)) jwt.SigningKey = DevelopmentDefaults.JwtSigningKey;
            if (string.IsNullOrEmpty(security.DataKey)) security.DataKey = DevelopmentDefaults.DataKey;
        }

        var settings = new NodeSettings(akka, postgres, rabbitMq, jwt, security, rateLimits, smtp, ocr, mail);
        var problems = settings.Validate().ToList();
        if (problems.Count > 0)
            throw new SettingsException(string.Join("; ", problems));
        return settings;
    }

    private IEnumerable<string> Validate()
    {
        if (Akka.Roles.Count == 0)
            yield return $"no roles: set Akka__Roles__0 to one of {string.Join(", ", ClusterRoles.BackEnd)}";
        foreach (var problem in Akka.Validate())
            yield return problem;
        if (NeedsPostgres)
        {
            if (string.IsNullOrWhiteSpace(PostgresConnectionString))
                yield return "ConnectionStrings__Postgres is not set";
            else if (!IsValidPostgres(PostgresConnectionString))
                yield return "ConnectionStrings__Postgres is not a valid Npgsql connection string";
        }
        if (NeedsRabbitMq)
        {
            if (string.IsNullOrWhiteSpace(RabbitMqConnectionString))
                yield return "ConnectionStrings__RabbitMq is not set";
            else if (!Uri.TryCreate(RabbitMqConnectionString, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
                yield return "ConnectionStrings__RabbitMq is not an amqp:// or amqps:// URI";
        }
        if (HasRole(ClusterRoles.Gateway))
            foreach (var problem in Jwt.Validate().Concat(RateLimits.Validate()).Concat(Ocr.ValidateForGateway()))
                yield return problem;
        if (HasRole(ClusterRoles.Ocr))
            foreach (var problem in Ocr.ValidateForWorkers())
                yield return problem;
        if (HasRole(ClusterRoles.Users))
            foreach (var problem in Security.Validate().Concat(Mail.Validate()))
                yield return problem;
        if (HasRole(ClusterRoles.Notifier))
            foreach (var problem in Smtp.Validate())
                yield return problem;
    }

    /// <summary>
    /// Binds one section; a value of the wrong type (<c>Akka__Port=abc</c>) becomes a clear settings
    /// error instead of the binder's exception and stack trace.
    /// </summary>
    private static T Bind<T>(IConfiguration configuration, string section) where T : new()
    {
        try
        {
            return configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException e)
        {
            throw new SettingsException($"{section}: {e.GetBaseException().Message}");
        }
    }

    private static bool IsValidPostgres(string connectionString)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
