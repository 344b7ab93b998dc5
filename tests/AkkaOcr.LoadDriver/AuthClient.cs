using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace AkkaOcr.LoadDriver;

/// <summary>
/// The gateway's <c>/auth</c> routes, each call recorded in a <see cref="RequestLog"/>. A call succeeds
/// when the answer is the one the contract gives for the happy path; anything else, including no answer
/// at all, is a failure with its status or error kept.
/// </summary>
public sealed class AuthClient(HttpClient http, RequestLog log)
{
    public const string Register = "register";
    public const string GenerateOtp = "generate_otp";
    public const string VerifyOtp = "verify_otp";
    public const string Login = "login";
    public const string Me = "me";

    public RequestLog Log => log;

    public Task<Response> RegisterAsync(Account account, CancellationToken cancellationToken) =>
        SendAsync(Register, account.Email, 201, () => Post("/auth/register", new { name = account.Name, email = account.Email, password = account.Password }),
            cancellationToken);

    public Task<Response> GenerateOtpAsync(Account account, CancellationToken cancellationToken) =>
        SendAsync(GenerateOtp, account.Email, 202, () => Post("/auth/generate_otp", new { email = account.Email }), cancellationToken);

    public Task<Response> VerifyOtpAsync(Account account, string code, CancellationToken cancellationToken) =>
        SendAsync(VerifyOtp, account.Email, 200, () => Post("/auth/verify_otp", new { email = account.Email, otp = code }), cancellationToken);

    public Task<Response> LoginAsync(Account account, CancellationToken cancellationToken) =>
        SendAsync(Login, account.Email, 200, () => Post("/auth/login", new { username = account.Email, password = account.Password }),
            cancellationToken);

    public Task<Response> MeAsync(Account account, string token, CancellationToken cancellationToken) =>
        SendAsync(Me, account.Email, 200, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/auth/me");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return request;
        }, cancellationToken);

    /// <summary>
    /// Sends one request and records it. Another kind of operation (an OCR upload, say) goes through
    /// here too, with its own name and expected status.
    /// </summary>
    public async Task<Response> SendAsync(string operation, string account, int expectedStatus, Func<HttpRequestMessage> createRequest,
        CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var started = Stopwatch.GetTimestamp();
        int? status = null;
        string? error = null;
        string body = "";
        try
        {
            using var request = createRequest();
            using var response = await http.SendAsync(request, cancellationToken);
            status = (int)response.StatusCode;
            body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (status != expectedStatus)
                error = body.Length > 300 ? body[..300] : body;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error = $"no answer within {http.Timeout.TotalSeconds:0} s";
        }
        catch (HttpRequestException e)
        {
            error = e.GetBaseException().Message;
        }
        var record = new RequestRecord(log.NextSequence(), operation, account, startedAt, Stopwatch.GetElapsedTime(started), status,
            status == expectedStatus, error);
        log.Add(record);
        return new Response(record, body);
    }

    private static HttpRequestMessage Post(string path, object body) =>
        new(HttpMethod.Post, path) { Content = JsonContent.Create(body) };

    /// <summary>A recorded request and the body of its answer.</summary>
    public sealed record Response(RequestRecord Record, string Body)
    {
        public bool Succeeded => Record.Succeeded;

        public JsonElement Json() => JsonDocument.Parse(Body).RootElement;
    }
}
