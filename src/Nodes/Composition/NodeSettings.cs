using AkkaOcr.Jobs;
using AkkaOcr.Mail;
using AkkaOcr.Ocr;
using AkkaOcr.ServiceDefaults.Cluster;
using AkkaOcr.ServiceDefaults.Settings;
using AkkaOcr.Users;
using Npgsql;

namespace AkkaOcr.Nodes;

/// <summary>
/// Everything a back-end node needs, bound from configuration and validated before anything starts. Only
/// the settings the node's roles use are required: an OCR-only node needs no database and holds no secret.
/// </summary>
public sealed record NodeSettings(
    AkkaSettings Akka,
    string? PostgresConnectionString,
    string? RabbitMqConnectionString,
    SecuritySettings Security,
    SmtpSettings Smtp,
    OcrWorkerSettings Ocr,
    MailSettings Mail,
    NotifierSettings Notifier,
    JobSettings Jobs)
{
    /// <summary>The journal for <c>users</c>; the record of sent mail, which stops duplicates, for <c>notifier</c>.</summary>
    public bool NeedsPostgres => Akka.HasRole(ClusterRoles.Users) || Akka.HasRole(ClusterRoles.Notifier);

    public bool NeedsRabbitMq => Akka.HasRole(ClusterRoles.Users) || Akka.HasRole(ClusterRoles.Notifier);

    /// <summary>Binds and validates; throws <see cref="SettingsException"/> naming every problem at once.</summary>
    public static NodeSettings Load(IConfiguration configuration, IHostEnvironment environment)
    {
        var security = SettingsBinding.Bind<SecuritySettings>(configuration, SecuritySettings.SectionName);
        var postgres = configuration.GetConnectionString("Postgres");
        var rabbitMq = configuration.GetConnectionString("RabbitMq");
        if (environment.IsDevelopment())
        {
            postgres = string.IsNullOrWhiteSpace(postgres) ? DevelopmentDefaults.Postgres : postgres;
            rabbitMq = string.IsNullOrWhiteSpace(rabbitMq) ? DevelopmentDefaults.RabbitMq : rabbitMq;
            if (string.IsNullOrEmpty(security.DataKey)) security.DataKey = DevelopmentDefaults.DataKey;
        }

        var settings = new NodeSettings(
            AkkaSettings.Load(configuration),
            postgres,
            rabbitMq,
            security,
            SettingsBinding.Bind<SmtpSettings>(configuration, SmtpSettings.SectionName),
            SettingsBinding.Bind<OcrWorkerSettings>(configuration, OcrWorkerSettings.SectionName),
            SettingsBinding.Bind<MailSettings>(configuration, MailSettings.SectionName),
            SettingsBinding.Bind<NotifierSettings>(configuration, NotifierSettings.SectionName),
            SettingsBinding.Bind<JobSettings>(configuration, JobSettings.SectionName));
        SettingsBinding.ThrowIfAny(settings.Validate(environment.IsDevelopment())
            .Concat(DevelopmentSecrets.RefuseOffLoopback(configuration, settings.Akka, settings.SecretsInUse())));
        return settings;
    }

    /// <summary>The secrets this node's roles use; those filled in for Development but unused do not count.</summary>
    private IEnumerable<(string Key, string? Value)> SecretsInUse()
    {
        if (NeedsPostgres)
            yield return ("ConnectionStrings__Postgres", PostgresConnectionString);
        if (NeedsRabbitMq)
            yield return ("ConnectionStrings__RabbitMq", RabbitMqConnectionString);
        if (Akka.HasRole(ClusterRoles.Users))
            yield return ("Security__DataKey", Security.DataKey);
    }

    private IEnumerable<string> Validate(bool isDevelopment)
    {
        if (Akka.Roles.Count == 0)
            yield return $"no roles: set Akka__Roles__0 to one of {string.Join(", ", ClusterRoles.BackEnd)}";
        if (Akka.HasRole(ClusterRoles.Gateway))
            yield return "the gateway role needs the HTTP API: run AkkaOcr.Gateway for it";
        foreach (var problem in Akka.Validate(isDevelopment))
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
        if (Akka.HasRole(ClusterRoles.Ocr))
            foreach (var problem in Ocr.Validate())
                yield return problem;
        if (Akka.HasRole(ClusterRoles.Users))
            foreach (var problem in Security.Validate().Concat(Mail.Validate()).Concat(Jobs.Validate()))
                yield return problem;
        if (Akka.HasRole(ClusterRoles.Notifier))
            foreach (var problem in Smtp.Validate().Concat(Notifier.Validate()))
                yield return problem;
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
