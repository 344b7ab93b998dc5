using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AkkaOcr.Gateway.Auth;
using AkkaOcr.Gateway.Uploads;
using AkkaOcr.Messages.Users;
using AkkaOcr.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AkkaOcr.Tests.Ocr;

/// <summary>
/// What uploads can take of a gateway: a place is taken before the body is read (per user and per gateway), and a
/// body past the size limit is read no further than the limit. A gateway without a back end is enough: every
/// answer here comes before the upload would reach a worker.
/// </summary>
public sealed class UploadLimitTests : IAsyncLifetime
{
    private const int MaxUploadBytes = 1024 * 1024;
    private GatewayFactory _gateway = null!;

    public ValueTask InitializeAsync()
    {
        var settings = TestNode.ClusterSettings([], FreeTcpPort.Next(), FreeTcpPort.Next());
        settings["Ocr:MaxUploadBytes"] = MaxUploadBytes.ToString();
        settings["Ocr:MaxDocumentBytes"] = MaxUploadBytes.ToString();
        settings["Uploads:MaxConcurrent"] = "2";
        settings["Uploads:MaxConcurrentPerUser"] = "1";
        _gateway = new GatewayFactory(settings);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _gateway.DisposeAsync();

    [Theory]
    [InlineData("/ocr")]
    [InlineData("/ocr/jobs")]
    public async Task Uploads_past_the_per_user_and_per_gateway_limits_are_refused_before_their_body_is_read(string route)
    {
        var slots = _gateway.Services.GetRequiredService<UploadSlots>();
        using var ada = ClientOf("ada@example.org");
        using var bob = ClientOf("bob@example.org");
        using var cy = ClientOf("cy@example.org");
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var adaFirst = ada.PostAsync(route, new SlowUpload(release.Task, 64 * 1024), timeout.Token);
        await Eventually.MatchesAsync(() => Task.FromResult(slots.InUse), inUse => inUse == 1, TimeSpan.FromSeconds(20), "Ada's first upload taking its place");

        // These answers come while their bodies are still held back by the client: nothing of them was read.
        using var adaSecond = await ada.PostAsync(route, new SlowUpload(release.Task, 64 * 1024), timeout.Token);
        await AssertRefusedAsync(adaSecond, HttpStatusCode.TooManyRequests);

        var bobFirst = bob.PostAsync(route, new SlowUpload(release.Task, 64 * 1024), timeout.Token);
        await Eventually.MatchesAsync(() => Task.FromResult(slots.InUse), inUse => inUse == 2, TimeSpan.FromSeconds(20), "Bob's upload taking the last place");
        using var cyFirst = await cy.PostAsync(route, new SlowUpload(release.Task, 64 * 1024), timeout.Token);
        await AssertRefusedAsync(cyFirst, HttpStatusCode.ServiceUnavailable);

        release.SetResult();
        using var adaAnswer = await adaFirst;
        using var bobAnswer = await bobFirst;
        // Read whole and checked: a 64 KiB body of zeros is no image, whatever the route.
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, adaAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, bobAnswer.StatusCode);
        Assert.Equal(0, slots.InUse);
    }

    [Fact]
    public async Task A_body_past_the_limit_is_refused_having_read_no_more_than_the_limit()
    {
        var bodyBytesRead = new BodyBytesRead();
        await using var counted = _gateway.WithWebHostBuilder(builder =>
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(bodyBytesRead)));
        using var ada = ClientOf(counted, "ada@example.org");
        const long sent = 64L * 1024 * 1024;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        using var response = await ada.PostAsync("/ocr", new SlowUpload(Task.CompletedTask, sent), timeout.Token);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        // The limit, the multipart envelope and one read ahead: of the 64 MiB sent, no more than the limit was read.
        Assert.InRange(bodyBytesRead.Total, MaxUploadBytes, MaxUploadBytes + 256 * 1024);
        Assert.Equal(0, counted.Services.GetRequiredService<UploadSlots>().InUse);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(UploadSlots.RetryAfter, response.Headers.RetryAfter?.Delta);
        Assert.Contains("uploads", await response.Content.ReadAsStringAsync());
    }

    private HttpClient ClientOf(string email) => ClientOf(_gateway, email);

    /// <summary>
    /// A client with a valid token for a user; no users node is asked to answer an upload. It follows no redirects:
    /// the test client's redirect handler would buffer the whole body before sending it, to be able to send it again.
    /// </summary>
    private static HttpClient ClientOf(WebApplicationFactory<Program> gateway, string email)
    {
        var token = gateway.Services.GetRequiredService<TokenIssuer>()
            .Issue(new UserReplies.Credentials(UserId.New(), email, "Tester", "", IsVerified: true));
        var client = gateway.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.UseToken(token);
        return client;
    }

    /// <summary>Counts the bytes the gateway reads of request bodies, at the very start of its pipeline.</summary>
    private sealed class BodyBytesRead : IStartupFilter
    {
        private long _total;

        public long Total => Interlocked.Read(ref _total);

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Request.Body = new CountingStream(context.Request.Body, count => Interlocked.Add(ref _total, count));
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    private sealed class CountingStream(Stream inner, Action<int> counted) : Stream
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            counted(read);
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            counted(read);
            return read;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>
    /// A multipart upload of <c>file</c> with a length the server learns only by reading it, sent 64 KiB at a time
    /// once <c>release</c> completes (a slow client).
    /// </summary>
    private sealed class SlowUpload : HttpContent
    {
        private const string Boundary = "upload-boundary";
        private readonly Task _release;
        private readonly long _fileBytes;

        public SlowUpload(Task release, long fileBytes)
        {
            _release = release;
            _fileBytes = fileBytes;
            Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={Boundary}");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                $"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"scan.png\"\r\nContent-Type: image/png\r\n\r\n"));
            await stream.FlushAsync();
            await _release;
            var chunk = new byte[64 * 1024];
            try
            {
                for (long left = _fileBytes; left > 0; left -= chunk.Length)
                {
                    var count = (int)Math.Min(chunk.Length, left);
                    await stream.WriteAsync(chunk.AsMemory(0, count));
                    await stream.FlushAsync();
                }
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"\r\n--{Boundary}--\r\n"));
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
            {
                // The server answered without reading the rest, and the transport stopped taking it.
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
