using System.Text.Json;
using AkkaOcr.Gateway.Auth;
using AkkaOcr.Gateway.Users;
using AkkaOcr.Users;
using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace AkkaOcr.Bench.AuthBaseline;

/// <summary>
/// Plain ASP.NET Core + Npgsql version of register, generate_otp, verify_otp and login: same input
/// rules, same PBKDF2 hashing, same OTP hashing and sealing, same JWTs, one table and row locks
/// instead of actors. Settings: <c>ConnectionStrings__Postgres</c>, <c>Jwt__SigningKey</c>, <c>Security__DataKey</c>,
/// <c>Passwords__Iterations</c> (the gateway's key, so that both hash at the same cost).
/// </summary>
public static class BaselineProgram
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        var jwt = builder.Configuration.GetSection(JwtSettings.SectionName).Get<JwtSettings>() ?? new JwtSettings();
        var security = builder.Configuration.GetSection(SecuritySettings.SectionName).Get<SecuritySettings>() ?? new SecuritySettings();
        builder.Services.AddSingleton(NpgsqlDataSource.Create(builder.Configuration.GetConnectionString("Postgres")
                                                              ?? throw new InvalidOperationException("ConnectionStrings__Postgres is not set")));
        builder.Services.AddSingleton(new OtpCodes(security.DataKeyBytes));
        // The gateway's own token issuer, so both sides sign the same tokens.
        builder.Services.AddSingleton(new TokenIssuer(jwt, TimeProvider.System));
        var passwords = builder.Configuration.GetSection(PasswordSettings.SectionName).Get<PasswordSettings>() ?? new PasswordSettings();
        builder.Services.Configure<PasswordHasherOptions>(options => options.IterationCount = passwords.Iterations);
        builder.Services.AddSingleton<IPasswordHasher<BaselineStore>, PasswordHasher<BaselineStore>>();
        builder.Services.AddSingleton<BaselineStore>();

        await using var app = builder.Build();
        await app.Services.GetRequiredService<BaselineStore>().CreateSchemaAsync();
        app.MapGet("/health/ready", () => Results.Ok());
        app.MapBaselineAuth();
        await app.RunAsync();
    }
}
