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
/// but has not yet answered 250; <see cref="RefuseTransiently"/> lets it answer 452 instead. Two faults of a real server can be switched on: answering a number of
/// transactions with a transient 451, and keeping a mail but dropping the connection before its 250.
/// </summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<MimeMessage> _received = new();
    private CancellationTokenSource? _running;
    private SmtpServer.SmtpServer? _server;
    private Task? _serving;
    private readonly TimeSpan _delayPerMessage;
    private int _transientFailuresLeft;
    private int _dropsLeft;
    private int _transientFailuresAnswered;
    private int _connectionsDropped;

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

    /// <summary>How many transactions were answered 451 by <see cref="AnswerTransientFailures"/>.</summary>
    public int TransientFailuresAnswered => Volatile.Read(ref _transientFailuresAnswered);

    /// <summary>How many kept mails had their connection dropped before the 250 by <see cref="DropConnectionsAfterData"/>.</summary>
    public int ConnectionsDropped => Volatile.Read(ref _connectionsDropped);

    /// <summary>The next <paramref name="count"/> transactions are answered 451 after DATA, and their mail is not kept.</summary>
    public void AnswerTransientFailures(int count) => Interlocked.Exchange(ref _transientFailuresLeft, count);

    /// <summary>
    /// The next <paramref name="count"/> mails are kept, then their connection is closed before the server
    /// answers: the client cannot know the mail was accepted.
    /// </summary>
    public void DropConnectionsAfterData(int count) => Interlocked.Exchange(ref _dropsLeft, count);

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
            if (TakeOne(ref server._transientFailuresLeft))
            {
                Interlocked.Increment(ref server._transientFailuresAnswered);
                return new SmtpResponse((SmtpReplyCode)451, "4.3.0 try again later");
            }
            await using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            if (server.RefuseTransiently?.Invoke(message) == true)
                return new SmtpResponse(SmtpReplyCode.InsufficientStorage, "try again later");
            server._received.Enqueue(message);
            if (server.BeforeAccepting is { } hook)
                await hook(message);
            if (TakeOne(ref server._dropsLeft))
            {
                Interlocked.Increment(ref server._connectionsDropped);
                // Closing the session's stream ends the connection before the reply is written.
                context.Pipe.Dispose();
            }
            return SmtpResponse.Ok;
        }

        private static bool TakeOne(ref int left)
        {
            while (true)
            {
                var current = Volatile.Read(ref left);
                if (current <= 0)
                    return false;
                if (Interlocked.CompareExchange(ref left, current - 1, current) == current)
                    return true;
            }
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
