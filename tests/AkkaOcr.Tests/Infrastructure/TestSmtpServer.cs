using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace AkkaOcr.Tests.Infrastructure;

/// <summary>
/// A real SMTP server (the SmtpServer package) on a loopback port, keeping what it receives. It can be
/// stopped and started again on the same port, and refuses recipients whose address starts with "reject".
/// A delay per message makes deliveries slow enough for a test to crash a notifier in the middle of them,
/// and <see cref="BeforeAccepting"/> lets a test break something at the moment the server has the mail
/// but has not yet answered 250; <see cref="RefuseTransiently"/> lets it answer 452 instead.
/// </summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<MimeMessage> _received = new();
    private CancellationTokenSource? _running;
    private SmtpServer.SmtpServer? _server;
    private Task? _serving;
    private readonly TimeSpan _delayPerMessage;

    private TestSmtpServer(int port, TimeSpan delayPerMessage)
    {
        Port = port;
        _delayPerMessage = delayPerMessage;
    }

    public int Port { get; }

    public IReadOnlyCollection<MimeMessage> Received => _received;

    /// <summary>Awaited for each mail once it is kept, before the server answers 250.</summary>
    public Func<MimeMessage, Task>? BeforeAccepting { get; set; }

    /// <summary>Asked for each mail before it is kept: true answers 452 (try again later) and keeps nothing.</summary>
    public Func<MimeMessage, bool>? RefuseTransiently { get; set; }

    public static TestSmtpServer Start(TimeSpan? delayPerMessage = null)
    {
        var server = new TestSmtpServer(FreeTcpPort.Next(), delayPerMessage ?? TimeSpan.Zero);
        server.Resume();
        return server;
    }

    public void Resume()
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new ServiceProvider();
        services.Add(new Store(this, _delayPerMessage));
        services.Add(new RejectingFilter());
        _server = new SmtpServer.SmtpServer(options, services);
        _running = new CancellationTokenSource();
        _serving = _server.StartAsync(_running.Token);
    }

    public async Task PauseAsync()
    {
        if (_server is null) return;
        _server.Shutdown();
        _running!.Cancel();
        try
        {
            await _serving!.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
            // Cancelling is how the server is stopped.
        }
        _server = null;
    }

    public async ValueTask DisposeAsync() => await PauseAsync();

    private sealed class Store(TestSmtpServer server, TimeSpan delay) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (delay > TimeSpan.Zero)
                await Task.Delay(delay, cancellationToken);
            await using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            if (server.RefuseTransiently?.Invoke(message) == true)
                return new SmtpResponse(SmtpReplyCode.InsufficientStorage, "try again later");
            server._received.Enqueue(message);
            if (server.BeforeAccepting is { } hook)
                await hook(message);
            return SmtpResponse.Ok;
        }
    }

    private sealed class RejectingFilter : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) =>
            Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!to.User.StartsWith("reject", StringComparison.OrdinalIgnoreCase));
    }
}
