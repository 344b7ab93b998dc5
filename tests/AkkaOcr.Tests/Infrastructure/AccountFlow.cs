using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AkkaOcr.Users;
using Microsoft.Extensions.DependencyInjection;

namespace AkkaOcr.Tests.Infrastructure;

/// <summary>The demo's sign-up through the real routes: register, code, verify, log in.</summary>
public static class AccountFlow
{
    public const string Password = "correct horse battery";

    /// <summary>A new verified user of a gateway that hosts the <c>users</c> role; returns the address and a bearer token.</summary>
    public static async Task<(string Email, string Token)> SignUpAsync(GatewayFactory gateway, HttpClient client, string name = "Ada")
    {
        var email = $"{Guid.NewGuid():N}@example.org";
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/auth/register", new { name, email, password = Password })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync("/auth/generate_otp", new { email })).StatusCode);
        var code = await MailEventReader.LatestCodeAsync(
            gateway.Backend.System, gateway.Backend.Services.GetRequiredService<OtpCodes>(), email);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/auth/verify_otp", new { email, otp = code })).StatusCode);
        var login = await client.PostAsJsonAsync("/auth/login", new { username = email, password = Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        return (email, token);
    }

    public static void UseToken(this HttpClient client, string token) =>
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
}
