using System.Net;
using System.Net.Http.Json;
using AkkaOcr.ServiceDefaults.Cluster;
using AkkaOcr.Tests.Infrastructure;
using AkkaOcr.Tests.MultiProcess;
using AkkaOcr.Tests.Ocr;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AkkaOcr.Tests.Web;

/// <summary>
/// The real gateway on a loopback port a browser can reach (Kestrel, not the in-memory test server), with
/// the users, notifier and ocr roles in a node of their own, a real SMTP server, and Debian's Chromium
/// driven by Playwright. One verified account is ready for the tests that start signed in.
/// </summary>
public sealed class WebAppHost : IAsyncLifetime
{
    /// <summary>Small, so a test can send a file over it; a rendered line of text is a few KiB.</summary>
    public const int MaxUploadBytes = 64 * 1024;

    /// <summary>Small, so a test can go over each of the job limits with a document made in a moment.</summary>
    public const int MaxDocumentBytes = 4 * 1024 * 1024;

    public const int MaxPages = 40;

    public const int MaxActiveJobs = 2;

    /// <summary>Debian's package; the browsers Playwright would download are never installed.</summary>
    private const string ChromiumPath = "/usr/lib/chromium/chromium";

    private TestDatabase _database = null!;
    private string _virtualHost = null!;
    private TestSmtpServer _smtp = null!;
    private GatewayFactory _gateway = null!;
    private IPlaywright _playwright = null!;

    public HttpClient Api { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string VerifiedEmail { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateNewAsync();
        _virtualHost = await RabbitMqAdmin.CreateVirtualHostAsync();
        _smtp = TestSmtpServer.Start();
        var settings = TestNode.SingleProcessSettings(_database.ConnectionString, _virtualHost, _smtp.Port);
        settings["Akka:Roles:2"] = ClusterRoles.Ocr;
        settings["Ocr:Workers"] = "1";
        settings["Ocr:MaxUploadBytes"] = MaxUploadBytes.ToString();
        settings["Ocr:MaxDocumentBytes"] = MaxDocumentBytes.ToString();
        settings["Ocr:MaxPages"] = MaxPages.ToString();
        settings["Ocr:MaxActiveJobsPerUser"] = MaxActiveJobs.ToString();
        settings["RateLimits:PerClientPerMinute"] = "10000";
        _gateway = new GatewayFactory(settings);
        _gateway.UseKestrel(0);
        Api = await _gateway.CreateReadyClientAsync();
        BaseAddress = new Uri(_gateway.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        (VerifiedEmail, var token) = await AccountFlow.SignUpAsync(_gateway, Api);
        using var signedIn = new HttpClient { BaseAddress = BaseAddress };
        signedIn.UseToken(token);
        await OcrApiTests.WaitForWorkersAsync(signedIn);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true });
    }

    /// <summary>The verification code mailed to <paramref name="email"/>, read from the SMTP server.</summary>
    public async Task<string> MailedCodeAsync(string email)
    {
        var codes = await Eventually.MatchesAsync(() => new SmtpOtpSource(_smtp).CodesAsync(email, CancellationToken.None),
            found => found.Count > 0, TimeSpan.FromSeconds(60), $"a code mailed to {email}");
        return codes[^1];
    }

    /// <summary>A registered account that has not confirmed its address yet.</summary>
    public async Task<string> RegisterAsync()
    {
        var email = $"{Guid.NewGuid():N}@example.org";
        using var response = await Api.PostAsJsonAsync("/auth/register", new { name = "Lin", email, password = AccountFlow.Password });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return email;
    }

    /// <summary>A verified account of a test's own, with an API client signed in as it.</summary>
    public async Task<(string Email, string Token, HttpClient Client)> NewAccountAsync()
    {
        var (email, token) = await AccountFlow.SignUpAsync(_gateway, Api);
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.UseToken(token);
        return (email, token, client);
    }

    /// <summary>Logs <paramref name="page"/> in as the verified account, or as <paramref name="email"/>; it ends on the upload view.</summary>
    public async Task LogInAsync(IPage page, string? email = null)
    {
        await page.GotoAsync("/#login");
        await page.Locator("#login-email").FillAsync(email ?? VerifiedEmail);
        await page.Locator("#login-password").FillAsync(AccountFlow.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Read the text of an image" })).ToBeVisibleAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        Api?.Dispose();
        await _gateway.DisposeAsync();
        await _smtp.DisposeAsync();
        await RabbitMqAdmin.CtlAsync("delete_vhost", _virtualHost);
        await _database.DisposeAsync();
    }
}
