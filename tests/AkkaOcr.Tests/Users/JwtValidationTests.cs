using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AkkaOcr.Tests.Infrastructure;
using Microsoft.IdentityModel.Tokens;

namespace AkkaOcr.Tests.Users;

/// <summary>
/// The gateway accepts only HS256 tokens under its key, from its issuer, for its audience, with an expiry,
/// within their lifetime. Each forged or stale token differs from a good one in one point, so a 401 here
/// is owed to that point alone; the good one is shown to pass first.
/// </summary>
public sealed class JwtValidationTests(UsersGateway gateway) : IClassFixture<UsersGateway>
{
    private const string Issuer = "akkaocr";
    private const string Audience = "akkaocr";

    public static readonly TheoryData<string> RefusedTokens =
        ["alg none", "HS384", "RS256 header", "wrong issuer", "wrong audience", "no exp", "nbf in the future", "expired"];

    [Fact]
    public async Task A_good_token_passes_on_both_routes()
    {
        var email = await RegisterAsync();
        var token = Forge("good", email);

        using var me = await SendAsync(HttpMethod.Get, "/auth/me", token);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(email, (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("email").GetString());
        // Past authentication, an upload without a file is refused for the file.
        using var ocr = await SendAsync(HttpMethod.Post, "/ocr", token);
        Assert.Equal(HttpStatusCode.BadRequest, ocr.StatusCode);
    }

    [Theory]
    [MemberData(nameof(RefusedTokens))]
    public async Task A_forged_or_stale_token_gets_401_on_both_routes(string flaw)
    {
        var token = Forge(flaw, await RegisterAsync());

        using var me = await SendAsync(HttpMethod.Get, "/auth/me", token);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        using var ocr = await SendAsync(HttpMethod.Post, "/ocr", token);
        Assert.Equal(HttpStatusCode.Unauthorized, ocr.StatusCode);
    }

    /// <summary>A token for <paramref name="email"/>, good but for <paramref name="flaw"/>.</summary>
    private static string Forge(string flaw, string email)
    {
        var now = DateTimeOffset.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = Guid.NewGuid().ToString(),
            ["email"] = email,
            ["name"] = "Ada",
            ["iss"] = flaw == "wrong issuer" ? "someone-else" : Issuer,
            ["aud"] = flaw == "wrong audience" ? "someone-else" : Audience,
            ["iat"] = now.AddHours(flaw == "expired" ? -2 : 0).ToUnixTimeSeconds(),
            ["nbf"] = now.AddMinutes(flaw == "nbf in the future" ? 10 : 0).AddHours(flaw == "expired" ? -2 : 0).ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(flaw == "expired" ? -1 : 1).ToUnixTimeSeconds(),
        };
        if (flaw == "no exp")
            claims.Remove("exp");
        var algorithm = flaw switch
        {
            "alg none" => "none",
            "HS384" => "HS384",
            "RS256 header" => "RS256",
            _ => "HS256",
        };
        var signingInput = $"{Encode(new Dictionary<string, object> { ["alg"] = algorithm, ["typ"] = "JWT" })}.{Encode(claims)}";
        var key = Encoding.UTF8.GetBytes(GatewayFactory.JwtSigningKey);
        var signature = algorithm switch
        {
            "none" => [],
            "HS384" => HMACSHA384.HashData(key, Encoding.ASCII.GetBytes(signingInput)),
            // The RS256 header over an HMAC signature under the shared key: the algorithm confusion attack.
            _ => HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signingInput)),
        };
        return $"{signingInput}.{Base64UrlEncoder.Encode(signature)}";
    }

    private static string Encode(Dictionary<string, object> part) => Base64UrlEncoder.Encode(JsonSerializer.SerializeToUtf8Bytes(part));

    private async Task<string> RegisterAsync()
    {
        var email = $"user-{Guid.NewGuid():N}@example.org";
        using var registered = await gateway.Client.PostAsJsonAsync("/auth/register", new { name = "Ada", email, password = "correct horse battery" });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        return email;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string route, string token)
    {
        using var request = new HttpRequestMessage(method, route);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await gateway.Client.SendAsync(request);
    }
}
