using AkkaOcr.Gateway.Auth;
using AkkaOcr.Gateway.Ocr;
using AkkaOcr.Gateway.RateLimiting;
using AkkaOcr.Gateway.Uploads;
using AkkaOcr.Gateway.Users;
using AkkaOcr.ServiceDefaults.Cluster;
using AkkaOcr.ServiceDefaults.Settings;

namespace AkkaOcr.Gateway;

/// <summary>
/// Everything the gateway needs, bound from configuration and validated before anything starts. Of the
/// back end's secrets it holds only the database connection, to store uploaded documents and read results.
/// </summary>
public sealed record GatewaySettings(
    AkkaSettings Akka,
    JwtSettings Jwt,
    RateLimitSettings RateLimits,
    ForwardedHeadersSettings ForwardedHeaders,
    PasswordSettings Passwords,
    OcrGatewaySettings Ocr,
    UploadSettings Uploads,
    string? PostgresConnectionString)
{
    /// <summary>Binds and validates; throws <see cref="SettingsException"/> naming every problem at once.</summary>
    public static GatewaySettings Load(IConfiguration configuration, IHostEnvironment environment)
    {
        var jwt = SettingsBinding.Bind<JwtSettings>(configuration, JwtSettings.SectionName);
        if (environment.IsDevelopment() && string.IsNullOrEmpty(jwt.SigningKey))
            jwt.SigningKey = DevelopmentDefaults.JwtSigningKey;
        var postgres = configuration.GetConnectionString("Postgres");
        if (environment.IsDevelopment() && string.IsNullOrWhiteSpace(postgres))
            postgres = DevelopmentDefaults.Postgres;
        var settings = new GatewaySettings(
            AkkaSettings.Load(configuration, ClusterRoles.Gateway),
            jwt,
            SettingsBinding.Bind<RateLimitSettings>(configuration, RateLimitSettings.SectionName),
            SettingsBinding.Bind<ForwardedHeadersSettings>(configuration, ForwardedHeadersSettings.SectionName),
            SettingsBinding.Bind<PasswordSettings>(configuration, PasswordSettings.SectionName),
            SettingsBinding.Bind<OcrGatewaySettings>(configuration, OcrGatewaySettings.SectionName),
            SettingsBinding.Bind<UploadSettings>(configuration, UploadSettings.SectionName),
            postgres);
        SettingsBinding.ThrowIfAny(settings.Validate(environment.IsDevelopment()).Concat(DevelopmentSecrets.RefuseOffLoopback(configuration,
            settings.Akka, [("Jwt__SigningKey", settings.Jwt.SigningKey), ("ConnectionStrings__Postgres", settings.PostgresConnectionString)])));
        return settings;
    }

    private IEnumerable<string> Validate(bool isDevelopment)
    {
        var backEndRoles = Akka.Roles.Where(ClusterRoles.BackEnd.Contains).ToList();
        if (backEndRoles.Count > 0)
            yield return $"the gateway hosts no back-end role ({string.Join(", ", backEndRoles)}): run AkkaOcr.Nodes for it";
        // Documents are stored by the gateway that received them, before their job is accepted.
        if (string.IsNullOrWhiteSpace(PostgresConnectionString))
            yield return "ConnectionStrings__Postgres is not set (the gateway stores uploaded documents)";
        foreach (var problem in Akka.Validate(isDevelopment).Concat(Jwt.Validate()).Concat(RateLimits.Validate())
                     .Concat(ForwardedHeaders.Validate()).Concat(Passwords.Validate()).Concat(Ocr.Validate()).Concat(Uploads.Validate()))
            yield return problem;
    }
}
