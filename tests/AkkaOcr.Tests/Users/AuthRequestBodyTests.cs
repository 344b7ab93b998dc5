using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AkkaOcr.Tests.Infrastructure;

namespace AkkaOcr.Tests.Users;

/// <summary>
/// A body the <c>/auth</c> routes cannot read is the client's error: 400 (415 for another content type)
/// with a problem body that says what was wrong, never 500 and never a bare status.
/// </summary>
public sealed class AuthRequestBodyTests(UsersGateway gateway) : IClassFixture<UsersGateway>
{
    public static readonly TheoryData<string> Routes = ["/auth/register", "/auth/generate_otp", "/auth/verify_otp", "/auth/login"];

    /// <summary>Per route, a string field of its body, to give a value of the wrong JSON type.</summary>
    private static readonly Dictionary<string, string> StringFieldOf = new()
    {
        ["/auth/register"] = "name",
        ["/auth/generate_otp"] = "email",
        ["/auth/verify_otp"] = "email",
        ["/auth/login"] = "username",
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Malformed_json_gets_400_naming_the_json_error(string route)
    {
        var problem = await AssertProblemAsync(await PostAsync(route, $"{{\"{StringFieldOf[route]}\": "), HttpStatusCode.BadRequest);

        Assert.Equal("Invalid JSON body", problem.GetProperty("title").GetString());
        Assert.Contains("not JSON of the expected shape", Detail(problem));
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_number_an_array_or_an_object_for_a_string_field_gets_400_naming_the_field(string route)
    {
        var field = StringFieldOf[route];
        foreach (var wrong in new[] { "5", "[]", "{}", "true" })
        {
            var problem = await AssertProblemAsync(await PostAsync(route, $"{{\"{field}\": {wrong}}}"), HttpStatusCode.BadRequest);

            Assert.Equal("Invalid JSON body", problem.GetProperty("title").GetString());
            Assert.Contains($"$.{field}", Detail(problem));
        }
    }

    [Fact]
    public async Task Every_field_of_a_wrong_type_is_400_not_500()
    {
        var problem = await AssertProblemAsync(
            await PostAsync("/auth/register", """{"name": 5, "email": [], "password": null}"""), HttpStatusCode.BadRequest);

        Assert.Contains("$.name", Detail(problem));
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_body_that_is_not_an_object_gets_400(string route)
    {
        foreach (var body in new[] { "[]", "5", "\"text\"" })
        {
            var problem = await AssertProblemAsync(await PostAsync(route, body), HttpStatusCode.BadRequest);

            Assert.Contains("not JSON of the expected shape", Detail(problem));
        }
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task An_empty_or_null_body_gets_400_asking_for_a_json_object(string route)
    {
        foreach (var body in new[] { "", "null" })
        {
            var problem = await AssertProblemAsync(await PostAsync(route, body), HttpStatusCode.BadRequest);

            Assert.Contains("a JSON object is required", Detail(problem));
        }
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Another_content_type_gets_415_naming_json(string route)
    {
        var plain = await AssertProblemAsync(await PostAsync(route, "{}", "text/plain"), HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", Detail(plain));
        Assert.Contains("text/plain", Detail(plain));

        using var untyped = new HttpRequestMessage(HttpMethod.Post, route) { Content = new ByteArrayContent("{}"u8.ToArray()) };
        await AssertProblemAsync(await gateway.Client.SendAsync(untyped), HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Answers_to_readable_bodies_are_unchanged()
    {
        var email = $"user-{Guid.NewGuid():N}@example.org";
        var invalid = await AssertProblemAsync(
            await gateway.Client.PostAsJsonAsync("/auth/register", new { name = "", email = "not-an-address", password = "short" }),
            HttpStatusCode.BadRequest);
        Assert.Equal(["name", "email", "password"], invalid.GetProperty("errors").EnumerateObject().Select(error => error.Name));

        // otp of a type other than a string or a number is a validation error of the field, as before.
        var otp = await AssertProblemAsync(await PostAsync("/auth/verify_otp", $$"""{"email": "{{email}}", "otp": []}"""), HttpStatusCode.BadRequest);
        Assert.Equal("must be a 6-digit code", otp.GetProperty("errors").GetProperty("otp")[0].GetString());

        var rejected = await AssertProblemAsync(await PostAsync("/auth/verify_otp", $$"""{"email": "{{email}}", "otp": 12345}"""), HttpStatusCode.BadRequest);
        Assert.Equal("Code not accepted", rejected.GetProperty("title").GetString());
    }

    private async Task<HttpResponseMessage> PostAsync(string route, string body, string mediaType = "application/json")
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return await gateway.Client.PostAsync(route, content);
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonSerializer.Deserialize<JsonElement>(body);
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        return problem;
    }

    private static string Detail(JsonElement problem) => problem.TryGetProperty("detail", out var detail) ? detail.GetString() ?? "" : "";
}
