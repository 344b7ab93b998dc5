using System.Net.Http.Headers;

namespace AkkaOcr.LoadDriver;

/// <summary>
/// login → <c>POST /ocr</c> with one of the given images, as a verified user (a sign-up first when none
/// is free). One upload at a time per account, as a person sends them: with every account busy the flow
/// signs up another. 200 is success; a 429 from a full OCR pool is recorded as a failure like any other.
/// </summary>
public sealed class OcrUploadFlow(IReadOnlyList<byte[]> images) : ILoadFlow
{
    public const string Upload = "ocr";

    private static readonly SignUpFlow SignUp = new();
    private int _next = -1;

    public string Name => "ocr-upload";

    public async Task<bool> RunAsync(FlowContext context, CancellationToken cancellationToken)
    {
        using var turn = context.Accounts.TakeUploadTurn();
        if (turn is null)
            return await SignUp.RunAsync(context, cancellationToken);
        var account = turn.Account;
        var login = await context.Client.LoginAsync(account, cancellationToken);
        if (!login.Succeeded)
            return false;
        var token = login.Json().GetProperty("access_token").GetString()!;
        return (await UploadAsync(context.Client, account, token, NextImage(), cancellationToken)).Succeeded;
    }

    /// <summary>The next image, taking turns among them.</summary>
    public byte[] NextImage() => images[(Interlocked.Increment(ref _next) & int.MaxValue) % images.Count];

    /// <summary><c>POST /ocr</c> of one PNG as <paramref name="account"/>, with a token it already holds.</summary>
    public static Task<AuthClient.Response> UploadAsync(AuthClient client, Account account, string token, byte[] png,
        CancellationToken cancellationToken) =>
        client.SendAsync(Upload, account.Email, 200, () =>
        {
            var file = new ByteArrayContent(png);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            var request = new HttpRequestMessage(HttpMethod.Post, "/ocr") { Content = new MultipartFormDataContent { { file, "file", "scan.png" } } };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return request;
        }, cancellationToken);
}
