using System.Text.Json;
using AkkaOcr.Gateway.Auth;
using AkkaOcr.Gateway.Users;
using AkkaOcr.Messages.Users;
using AkkaOcr.Users;
using Microsoft.AspNetCore.Identity;

namespace AkkaOcr.Bench.AuthBaseline;

/// <summary>The four routes of the benchmarked flow, with the gateway's status codes.</summary>
public static class BaselineAuthEndpoints
{
    public sealed record RegisterRequest(string? Name, string? Email, string? Password);
    public sealed record EmailRequest(string? Email);
    public sealed record VerifyRequest(string? Email, JsonElement Otp);
    public sealed record LoginRequest(string? Username, string? Password);

    public static void MapBaselineAuth(this IEndpointRouteBuilder app)
    {
        app.MapPost("/auth/register", async (RegisterRequest request, BaselineStore store, IPasswordHasher<BaselineStore> hasher) =>
        {
            if (!EmailAddress.TryNormalize(request.Email, out var email) || request.Name is not { Length: > 0 and <= 100 } ||
                request.Password is not { Length: >= 8 and <= 128 })
                return Results.Problem(statusCode: 400);
            var id = UserId.New();
            var user = UserState.Unregistered(email).Apply(new UserEvents.UserRegistered(id, email, request.Name,
                hasher.HashPassword(store, request.Password), DateTimeOffset.UtcNow));
            return await store.TryInsertAsync(user) ? Results.Created("/auth/me", new { id = id.ToString(), email }) : Results.Problem(statusCode: 409);
        });

        app.MapPost("/auth/generate_otp", async (EmailRequest request, BaselineStore store, OtpCodes codes) =>
        {
            if (!EmailAddress.TryNormalize(request.Email, out var email))
                return Results.Problem(statusCode: 400);
            await store.DecideAsync(email, state => state.RequestOtp(DateTimeOffset.UtcNow, () =>
            {
                var code = OtpCodes.NewCode();
                return (codes.Hash(email, code), codes.Seal(email, code));
            }));
            return Results.Accepted(null as string, new { message = "sent if registered" });
        });

        app.MapPost("/auth/verify_otp", async (VerifyRequest request, BaselineStore store, OtpCodes codes) =>
        {
            if (!EmailAddress.TryNormalize(request.Email, out var email) || request.Otp.ValueKind != JsonValueKind.String)
                return Results.Problem(statusCode: 400);
            var reply = await store.DecideAsync(email, state => state.VerifyOtp(Guid.NewGuid(), codes.Hash(email, request.Otp.GetString()!), DateTimeOffset.UtcNow));
            return reply is UserReplies.OtpVerified ? Results.Ok(new { message = "verified" }) : Results.Problem(statusCode: 400);
        });

        app.MapPost("/auth/login", async (LoginRequest request, BaselineStore store, IPasswordHasher<BaselineStore> hasher, TokenIssuer tokens) =>
        {
            if (!EmailAddress.TryNormalize(request.Username, out var email) || string.IsNullOrEmpty(request.Password))
                return Results.Problem(statusCode: 400);
            var user = await store.GetAsync(email);
            if (!user.IsRegistered || hasher.VerifyHashedPassword(store, user.PasswordHash, request.Password) == PasswordVerificationResult.Failed)
                return Results.Problem(statusCode: 401);
            if (!user.IsVerified)
                return Results.Problem(statusCode: 403);
            return Results.Ok(new { access_token = tokens.Issue((UserReplies.Credentials)user.Credentials()), token_type = "bearer" });
        });
    }
}
