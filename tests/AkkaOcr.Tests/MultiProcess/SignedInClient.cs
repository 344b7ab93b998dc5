using System.Net.Http.Headers;
using AkkaOcr.LoadDriver;

namespace AkkaOcr.Tests.MultiProcess;

/// <summary>An HTTP client of a gateway process, signed in as a new verified user (code read from the test SMTP server).</summary>
public static class SignedInClient
{
    public static async Task<HttpClient> CreateAsync(Uri gateway, SmtpOtpSource otp, TimeSpan requestTimeout)
    {
        var log = new RequestLog();
        using var auth = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(20) };
        var client = new AuthClient(auth, log);
        var account = new AccountBook().Create("ocr");
        Assert.True((await client.RegisterAsync(account, CancellationToken.None)).Succeeded, log.Summary());
        Assert.True((await client.GenerateOtpAsync(account, CancellationToken.None)).Succeeded, log.Summary());
        var code = await otp.WaitForNewCodeAsync(account.Email, [], TimeSpan.FromSeconds(60), CancellationToken.None);
        Assert.NotNull(code);
        Assert.True((await client.VerifyOtpAsync(account, code, CancellationToken.None)).Succeeded, log.Summary());
        var login = await client.LoginAsync(account, CancellationToken.None);
        Assert.True(login.Succeeded, log.Summary());

        var http = new HttpClient { BaseAddress = gateway, Timeout = requestTimeout };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login.Json().GetProperty("access_token").GetString());
        return http;
    }
}
