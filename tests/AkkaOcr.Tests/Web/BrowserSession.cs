using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace AkkaOcr.Tests.Web;

/// <summary>
/// A fresh browser context (its own sessionStorage) on the web app, recording every request the page
/// makes, its console errors and its uncaught exceptions; a screenshot of the page when the test fails.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ConcurrentQueue<string> _consoleErrors = new();
    private readonly ConcurrentQueue<string> _pageErrors = new();

    private BrowserSession(IBrowserContext context, IPage page, Uri origin)
    {
        _context = context;
        Page = page;
        Origin = origin;
        page.Request += (_, request) => _requests.Enqueue(request.Url);
        page.Console += (_, message) =>
        {
            // "Failed to load resource" names no resource in its text; its location is the resource's URL.
            if (message.Type == "error")
                _consoleErrors.Enqueue($"{message.Text} at {message.Location}");
        };
        page.PageError += (_, error) => _pageErrors.Enqueue(error);
    }

    public IPage Page { get; }

    public Uri Origin { get; }

    public IReadOnlyCollection<string> Requests => _requests;

    public IReadOnlyCollection<string> ConsoleErrors => _consoleErrors;

    /// <summary>A phone-sized window where <paramref name="phone"/> is set, a desktop one otherwise.</summary>
    public static Task<BrowserSession> OpenAsync(WebAppHost host, bool phone = false) =>
        OpenAsync(host.Browser, host.BaseAddress, phone);

    /// <summary>A session on the web app of another gateway than the host's.</summary>
    public static async Task<BrowserSession> OpenAsync(IBrowser browser, Uri baseAddress, bool phone = false)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        return new BrowserSession(context, page, baseAddress);
    }

    /// <summary>Runs <paramref name="test"/>; when it throws, saves a screenshot named after the test first.</summary>
    public async Task RunAsync(string testName, Func<IPage, Task> test)
    {
        try
        {
            await test(Page);
            Assert.Empty(_pageErrors);
        }
        catch
        {
            await ScreenshotAsync($"{testName}-failure");
            throw;
        }
    }

    /// <summary>Saved beside the test assembly, under <c>web-screenshots</c>; returns the file's path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "web-screenshots", $"{name}.png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <summary>Every request the page made went to its own origin (a blob URL of it included: the shown upload).</summary>
    public void AssertEveryRequestStayedOnTheOrigin()
    {
        var origin = Origin.GetLeftPart(UriPartial.Authority);
        Assert.NotEmpty(_requests);
        Assert.All(_requests, url => Assert.True(
            url.StartsWith($"{origin}/", StringComparison.Ordinal) || url.StartsWith($"blob:{origin}/", StringComparison.Ordinal),
            $"the page requested {url}, outside {origin}"));
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
