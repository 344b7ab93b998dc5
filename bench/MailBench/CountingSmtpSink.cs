using System.Buffers;
using System.Diagnostics;
using System.Net;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace AkkaOcr.Bench.MailBench;

/// <summary>
/// A real SMTP server (the SmtpServer package) on a loopback port that accepts every message and only
/// counts it, so the sink costs as little as an SMTP server can and the pipeline is what is measured.
/// </summary>
public sealed class CountingSmtpSink : IAsyncDisposable
{
    private readonly SmtpServer.SmtpServer _server;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _serving;
    private readonly CountingStore _store;

    public CountingSmtpSink(int port, long expected)
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        _store = new CountingStore(expected);
        var services = new ServiceProvider();
        services.Add(_store);
        services.Add(new NoDelayEndpointListenerFactory());
        _server = new SmtpServer.SmtpServer(options, services);
        _serving = _server.StartAsync(_stopping.Token);
    }

    public long Received => _store.Received;

    /// <summary>The <see cref="Stopwatch"/> timestamp at which the first message arrived.</summary>
    public Task<long> FirstReceived => _store.FirstReceived.Task;

    /// <summary>The <see cref="Stopwatch"/> timestamp at which the expected number of messages had arrived.</summary>
    public Task<long> AllReceived => _store.AllReceived.Task;

    public async ValueTask DisposeAsync()
    {
        _server.Shutdown();
        await _stopping.CancelAsync();
        try
        {
            await _serving.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            // Cancelling is how the server stops; a session still open after 5 s does not matter here.
        }
        _stopping.Dispose();
    }

    private sealed class CountingStore(long expected) : MessageStore
    {
        private long _received;

        public long Received => Interlocked.Read(ref _received);

        public TaskCompletionSource<long> FirstReceived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<long> AllReceived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var received = Interlocked.Increment(ref _received);
            if (received == 1)
                FirstReceived.TrySetResult(Stopwatch.GetTimestamp());
            if (received == expected)
                AllReceived.TrySetResult(Stopwatch.GetTimestamp());
            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}
