using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AkkaOcr.Tests.Infrastructure;
using AkkaOcr.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AkkaOcr.Tests.Users;

/// <summary>
/// The demo's auth flow and every error answer, through the real gateway hosting the users role in
/// one process, against a real Postgres journal and RabbitMQ.
/// </summary>
public sealed class AuthApiTests : IAsyncLifetime
{
    private const string Password = "correct horse battery";
    private readonly UsersGateway _users = new();

    private HttpClient Client => _users.Client;

    public ValueTask InitializeAsync() => _users.InitializeAsync();

    public ValueTask DisposeAsync() => _users.DisposeAsync();

    [Fact]
    public async Task Register_verify_login_and_me_work_end_to_end()
    {
        var email = NewEmail();
        var registered = await Client.PostAsJsonAsync("/auth/register", new { name = "Ada", email = email.ToUpperInvariant(), password = Password });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);

        var forbidden = await Client.PostAsJsonAsync("/auth/login", new { username = email, password = Password });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        Assert.Equal(HttpStatusCode.Accepted, (await Client.PostAsJsonAsync("/auth/generate_otp", new { email })).StatusCode);
        var code = await MailEventReader.LatestCodeAsync(
            _users.Gateway.Backend.System, _users.Gateway.Backend.Services.GetRequiredService<OtpCodes>(), email);
        // The demo sent the code as a number: leading zeros are restored.
        object otp = code.StartsWith('0') ? int.Parse(code) : code;
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsJsonAsync("/auth/verify_otp", new { email, otp })).StatusCode);

        var login = await Client.PostAsJsonAsync("/auth/login", new { username = email, password = Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = await login.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("bearer", token.GetProperty("token_type").GetString());
        var jwt = new JwtSecurityTokenHandler().ReadJwtToken(token.GetProperty("access_token").GetString());
        Assert.Equal(email, jwt.Claims.Single(c => c.Type == "email").Value);
        Assert.InRange(jwt.ValidTo - jwt.IssuedAt, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));

        using var me = new HttpRequestMessage(HttpMethod.Get, "/auth/me");
        me.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("access_token").GetString());
        var profile = await (await Client.SendAsync(me)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(email, profile.GetProperty("email").GetString());
        Assert.Equal("Ada", profile.GetProperty("name").GetString());
        Assert.True(profile.GetProperty("is_verified").GetBoolean());
        Assert.Equal(jwt.Subject, profile.GetProperty("id").GetString());
        var created = await registered.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(profile.GetProperty("id").GetString(), created.GetProperty("id").GetString());
        Assert.Equal(profile.GetProperty("date_created").GetDateTimeOffset(), created.GetProperty("date_created").GetDateTimeOffset());
    }

    [Fact]
    public async Task Error_answers_follow_the_contract()
    {
        var email = NewEmail();
        await RegisterAsync(email);

        Assert.Equal(HttpStatusCode.Conflict, (await Client.PostAsJsonAsync("/auth/register", new { name = "B", email, password = Password })).StatusCode);
        await AssertProblem(await Client.PostAsJsonAsync("/auth/register", new { name = "", email = "not-an-address", password = "short" }), HttpStatusCode.BadRequest);
        await AssertProblem(await Client.PostAsync("/auth/register", new StringContent("{\"name\": 5", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        await AssertProblem(await Client.PostAsJsonAsync("/auth/verify_otp", new { email, otp = "12ab56" }), HttpStatusCode.BadRequest);
        await AssertProblem(await Client.PostAsJsonAsync("/auth/verify_otp", new { email, otp = "123456" }), HttpStatusCode.BadRequest);
        await AssertProblem(await Client.PostAsJsonAsync("/auth/verify_otp", new { email = NewEmail(), otp = "123456" }), HttpStatusCode.BadRequest);
        await AssertProblem(await Client.PostAsJsonAsync("/auth/login", new { username = email, password = "wrong password" }), HttpStatusCode.Unauthorized);
        await AssertProblem(await Client.PostAsJsonAsync("/auth/login", new { username = NewEmail(), password = Password }), HttpStatusCode.Unauthorized);

        var known = await (await Client.PostAsJsonAsync("/auth/generate_otp", new { email })).Content.ReadAsStringAsync();
        var unknown = await (await Client.PostAsJsonAsync("/auth/generate_otp", new { email = NewEmail() })).Content.ReadAsStringAsync();
        var cooldown = await (await Client.PostAsJsonAsync("/auth/generate_otp", new { email })).Content.ReadAsStringAsync();
        Assert.Equal(known, unknown);
        Assert.Equal(known, cooldown);

        // Valid requests but for an extra 20 KiB field: only the body limit can refuse them.
        var padding = new string('x', 20 * 1024);
        await AssertProblem(await Client.PostAsJsonAsync("/auth/register", new { name = "Ada", email = NewEmail(), password = Password, padding }),
            HttpStatusCode.BadRequest);
        using var chunked = new HttpRequestMessage(HttpMethod.Post, "/auth/generate_otp")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { email = NewEmail(), padding }), Encoding.UTF8, "application/json"),
        };
        chunked.Headers.TransferEncodingChunked = true;
        chunked.Content.Headers.ContentLength = null;
        await AssertProblem(await Client.SendAsync(chunked), HttpStatusCode.BadRequest);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.GetAsync("/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeWith(Token(email, DateTime.UtcNow.AddHours(-2), GatewayFactory.JwtSigningKey))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeWith(Token(email, DateTime.UtcNow, "another-signing-key-that-is-long-enough-0123"))).StatusCode);
    }

    [Fact]
    public async Task Twenty_parallel_registrations_of_one_address_give_exactly_one_201()
    {
        var email = NewEmail();
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Client.PostAsJsonAsync("/auth/register", new { name = $"Racer {i}", email, password = Password })));

        Assert.Single(answers, answer => answer.StatusCode == HttpStatusCode.Created);
        Assert.Equal(19, answers.Count(answer => answer.StatusCode == HttpStatusCode.Conflict));
    }

    private async Task RegisterAsync(string email) =>
        Assert.Equal(HttpStatusCode.Created, (await Client.PostAsJsonAsync("/auth/register", new { name = "Ada", email, password = Password })).StatusCode);

    private async Task<HttpResponseMessage> MeWith(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/auth/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Client.SendAsync(request);
    }

    private static string Token(string email, DateTime issuedAt, string key) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Claims = new Dictionary<string, object> { ["sub"] = Guid.NewGuid().ToString(), ["email"] = email },
        IssuedAt = issuedAt,
        NotBefore = issuedAt,
        Expires = issuedAt.AddHours(1),
        Issuer = "akkaocr",
        Audience = "akkaocr",
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
    });

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static string NewEmail() => $"user-{Guid.NewGuid():N}@example.org";
}
