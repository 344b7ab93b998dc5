using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using AkkaOcr.Gateway.WebApp;
using AkkaOcr.Tests.Infrastructure;
using AkkaOcr.Tests.Ocr;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AkkaOcr.Tests.Web;

/// <summary>
/// The web app in a real browser against the real gateway and cluster: the whole path from sign-up to a
/// read image, each error's sentence, keyboard use, and the page's security headers.
/// </summary>
public sealed class WebAppTests(WebAppHost host) : IClassFixture<WebAppHost>
{
    [Fact]
    public Task Signing_up_confirming_logging_in_and_reading_an_image_shows_the_text_and_a_box_per_word() => InBrowserAsync(async (session, page) =>
    {
        var email = $"{Guid.NewGuid():N}@example.org";
        await page.GotoAsync("/");
        var signUp = page.Locator("#view-signup");
        await signUp.GetByLabel("Name").FillAsync("Ada");
        await signUp.GetByLabel("E-mail address").FillAsync(email);
        await signUp.GetByLabel("Password").FillAsync(AccountFlow.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Confirm your e-mail address" })).ToBeVisibleAsync();
        await Expect(page.Locator("#confirm-email")).ToHaveValueAsync(email);
        await page.Locator("#confirm-code").FillAsync(await host.MailedCodeAsync(email));
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();

        await Expect(page.Locator("#notice")).ToHaveTextAsync("E-mail address verified. You can log in now.");
        await Expect(page.Locator("#login-email")).ToHaveValueAsync(email);
        await page.Locator("#login-password").FillAsync(AccountFlow.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();

        await Expect(page.Locator("#account-name")).ToHaveTextAsync("Signed in as Ada");
        var line = TestImages.Lines[0];
        await page.Locator("#ocr-file").SetInputFilesAsync(new FilePayload { Name = "line.png", MimeType = "image/png", Buffer = TestImages.Line(line) });
        var answer = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Read text" }).ClickAsync(),
            response => response.Url.Contains("/ocr?", StringComparison.Ordinal));
        Assert.Equal(200, answer.Status);
        var words = (await answer.JsonAsync())!.Value.GetProperty("words").EnumerateArray().ToList();

        await Expect(page.Locator("#result-text")).ToHaveValueAsync(new Regex(Regex.Escape(line)));
        Assert.Equal(line.Split(' ').Length, words.Count);
        await Expect(page.Locator("#result-boxes rect")).ToHaveCountAsync(words.Count);
        await Expect(page.Locator("#result-boxes title").First).ToHaveTextAsync(new Regex($"^“{words[0].GetProperty("text").GetString()}”, \\d+ % confidence$"));
        await AssertBoxesCoverTheirWordsAsync(page, words);
        await page.Locator("#result-boxes .word").First.FocusAsync();
        await Expect(page.Locator("#word-detail")).ToContainTextAsync(words[0].GetProperty("text").GetString()!);

        await session.ScreenshotAsync("ocr-result");
        session.AssertEveryRequestStayedOnTheOrigin();
        Assert.Empty(session.ConsoleErrors);
    });

    [Fact]
    public Task A_wrong_code_says_it_was_not_accepted() => InBrowserAsync(async (_, page) =>
    {
        var email = await host.RegisterAsync();
        await page.GotoAsync("/#confirm");
        await page.Locator("#confirm-email").FillAsync(email);
        await page.Locator("#confirm-code").FillAsync("000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();

        await Expect(page.Locator("#confirm-form .form-error")).ToHaveTextAsync(
            "The code is wrong, expired or already used, or too many wrong codes were tried. Ask for a new code.");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Confirm your e-mail address" })).ToBeVisibleAsync();
    });

    [Fact]
    public Task A_new_code_is_acknowledged_neutrally_and_cannot_be_asked_again_for_a_minute() => InBrowserAsync(async (_, page) =>
    {
        var email = await host.RegisterAsync();
        await page.GotoAsync("/#confirm");
        await page.Locator("#confirm-email").FillAsync(email);
        var resend = page.Locator("#resend");
        await resend.ClickAsync();

        await Expect(page.Locator("#resend-status")).ToContainTextAsync("If this address has an account that is not verified yet, a code is on its way.");
        await Expect(resend).ToBeDisabledAsync();
        await Expect(resend).ToHaveTextAsync(new Regex(@"^Send a new code \(in (60|59|58|57) s\)$"));
        // The cooldown survives a reload of the tab, as the API's own does.
        await page.ReloadAsync();
        await Expect(resend).ToBeDisabledAsync();
        Assert.Matches(@"^\d{6}$", await host.MailedCodeAsync(email));
    });

    [Fact]
    public Task Sign_up_errors_from_the_api_are_shown_at_their_fields() => InBrowserAsync(async (_, page) =>
    {
        await page.GotoAsync("/");
        var signUp = page.Locator("#view-signup");
        await signUp.GetByLabel("E-mail address").FillAsync("not-an-address");
        await signUp.GetByLabel("Password").FillAsync("short");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();

        await Expect(page.Locator("#signup-name-error")).ToHaveTextAsync("Name must be 1 to 100 characters.");
        await Expect(page.Locator("#signup-email-error")).ToHaveTextAsync("E-mail address is not a valid e-mail address.");
        await Expect(page.Locator("#signup-password-error")).ToHaveTextAsync("Password must be 8 to 128 characters.");
        await Expect(signUp.GetByLabel("Name")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(signUp.GetByLabel("Name")).ToBeFocusedAsync();
    });

    [Fact]
    public Task A_file_over_the_upload_limit_says_how_large_an_upload_may_be() => InBrowserAsync(async (_, page) =>
    {
        await LogInAsync(page);
        byte[] oversized = [.. TestImages.Line("too large"), .. new byte[WebAppHost.MaxUploadBytes]];
        await UploadAsync(page, new FilePayload { Name = "large.png", MimeType = "image/png", Buffer = oversized });

        await Expect(page.Locator("#ocr-form .form-error")).ToHaveTextAsync($"An upload is at most {WebAppHost.MaxUploadBytes} bytes.");
    });

    [Fact]
    public Task A_text_file_named_png_is_refused_as_not_an_image() => InBrowserAsync(async (_, page) =>
    {
        await LogInAsync(page);
        await UploadAsync(page, new FilePayload { Name = "notes.png", MimeType = "image/png", Buffer = "just some text\n"u8.ToArray() });

        await Expect(page.Locator("#ocr-form .form-error")).ToContainTextAsync("The file is not an image this service reads: send ");
        await Expect(page.Locator("#ocr-result")).ToBeHiddenAsync();
    });

    [Fact]
    public Task A_tampered_token_leads_back_to_log_in_with_a_message() => InBrowserAsync(async (_, page) =>
    {
        await LogInAsync(page);
        await page.EvaluateAsync("() => sessionStorage.setItem('akkaocr.token', sessionStorage.getItem('akkaocr.token') + 'x')");
        await UploadAsync(page, new FilePayload { Name = "line.png", MimeType = "image/png", Buffer = TestImages.Line("signed out") });

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Log in" })).ToBeVisibleAsync();
        await Expect(page.Locator("#notice")).ToHaveTextAsync("Your session has ended. Log in again.");
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('akkaocr.token')"));
        Assert.Null(await page.EvaluateAsync<string?>("() => localStorage.getItem('akkaocr.token')"));
    });

    [Fact]
    public Task Sign_up_works_with_the_keyboard_alone() => InBrowserAsync(async (session, page) =>
    {
        var email = $"{Guid.NewGuid():N}@example.org";
        await page.GotoAsync("/");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("signup-name", await FocusedIdAsync(page));
        await page.Keyboard.TypeAsync("Kay");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("signup-email", await FocusedIdAsync(page));
        await page.Keyboard.TypeAsync(email);
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("signup-password", await FocusedIdAsync(page));
        await page.Keyboard.TypeAsync(AccountFlow.Password);
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Confirm your e-mail address" })).ToBeFocusedAsync();
        await Expect(page.Locator("#notice")).ToContainTextAsync("Your account is created.");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("confirm-email", await FocusedIdAsync(page));
        Assert.Empty(session.ConsoleErrors);
    }, phone: true);

    [Fact]
    public Task The_page_has_a_strict_content_security_policy_and_loads_nothing_from_elsewhere() => InBrowserAsync(async (session, page) =>
    {
        var response = await page.GotoAsync("/");
        Assert.NotNull(response);
        var headers = await response.AllHeadersAsync();
        Assert.Equal(WebAppHosting.ContentSecurityPolicy, headers["content-security-policy"]);
        Assert.Contains("default-src 'self'", headers["content-security-policy"]);
        Assert.Contains("frame-ancestors 'none'", headers["content-security-policy"]);
        Assert.DoesNotContain("unsafe-inline", headers["content-security-policy"]);
        Assert.Equal("nosniff", headers["x-content-type-options"]);
        Assert.Equal("no-referrer", headers["referrer-policy"]);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Create an account" })).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        session.AssertEveryRequestStayedOnTheOrigin();
        Assert.Empty(session.ConsoleErrors);

        // The API docs load their own inline script, so the policy stays on the web app's files.
        using var docs = await host.Api.GetAsync("/docs");
        Assert.Equal(System.Net.HttpStatusCode.OK, docs.StatusCode);
        Assert.False(docs.Headers.Contains("Content-Security-Policy"));
    });

    private async Task InBrowserAsync(Func<BrowserSession, IPage, Task> test, bool phone = false, [CallerMemberName] string testName = "")
    {
        await using var session = await BrowserSession.OpenAsync(host, phone);
        await session.RunAsync(testName, page => test(session, page));
    }

    private Task LogInAsync(IPage page) => host.LogInAsync(page);

    private static async Task UploadAsync(IPage page, FilePayload file)
    {
        await page.Locator("#ocr-file").SetInputFilesAsync(file);
        await page.GetByRole(AriaRole.Button, new() { Name = "Read text" }).ClickAsync();
    }

    private static Task<string> FocusedIdAsync(IPage page) => page.EvaluateAsync<string>("() => document.activeElement.id");

    /// <summary>
    /// Each drawn box lies where the API placed its word, scaled to the displayed image. Centres are compared,
    /// since a box's drawn extent includes its outline.
    /// </summary>
    private static async Task AssertBoxesCoverTheirWordsAsync(IPage page, IReadOnlyList<JsonElement> words)
    {
        var image = (await page.Locator("#result-image").BoundingBoxAsync())!;
        var scale = image.Width / await page.Locator("#result-image").EvaluateAsync<float>("image => image.naturalWidth");
        var boxes = page.Locator("#result-boxes rect");
        for (var i = 0; i < words.Count; i++)
        {
            var drawn = (await boxes.Nth(i).BoundingBoxAsync())!;
            var word = words[i];
            Assert.Equal(image.X + (word.GetProperty("left").GetInt32() + word.GetProperty("width").GetInt32() / 2f) * scale, drawn.X + drawn.Width / 2, 1.5);
            Assert.Equal(image.Y + (word.GetProperty("top").GetInt32() + word.GetProperty("height").GetInt32() / 2f) * scale, drawn.Y + drawn.Height / 2, 1.5);
            Assert.Equal(word.GetProperty("width").GetInt32() * scale, drawn.Width, 4.0);
        }
    }
}
