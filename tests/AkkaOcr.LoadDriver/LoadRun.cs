namespace AkkaOcr.LoadDriver;

/// <summary>
/// Load running in the background: <see cref="LoadOptions.Concurrency"/> workers, each starting flows
/// from the mix until a bound is reached or <see cref="StopAsync"/> is called. Flows already running
/// always finish, so every account a flow created ends in a known state.
/// </summary>
public sealed class LoadRun : IAsyncDisposable
{
    private static readonly TimeSpan FailurePause = TimeSpan.FromMilliseconds(200);

    private readonly LoadOptions _options;
    private readonly HttpClient _http;
    private readonly FlowContext _context;
    private readonly CancellationTokenSource _stopStarting = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly Task _workers;
    private int _flowsStarted;
    private int _flowsFailed;

    private LoadRun(LoadOptions options, IOtpSource otp)
    {
        options.Validate();
        _options = options;
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = options.ConnectionLifetime ?? Timeout.InfiniteTimeSpan };
        _http = new HttpClient(handler) { BaseAddress = options.Gateway, Timeout = options.RequestTimeout };
        Log = new RequestLog();
        Accounts = new AccountBook();
        _context = new FlowContext(new AuthClient(_http, Log), otp, Accounts, options.MailTimeout);
        _stopStarting.CancelAfter(options.Duration);
        _workers = Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(seed => Task.Run(() => WorkAsync(seed))));
    }

    public RequestLog Log { get; }

    public AccountBook Accounts { get; }

    public int FlowsStarted => Volatile.Read(ref _flowsStarted);

    public int FlowsFailed => Volatile.Read(ref _flowsFailed);

    /// <summary>Completes when the workers have all stopped, on reaching a bound or after <see cref="StopAsync"/>.</summary>
    public Task Completion => _workers;

    public static LoadRun Start(LoadOptions options, IOtpSource otp) => new(options, otp);

    /// <summary>Waits until at least <paramref name="requests"/> requests were recorded, or the run ended.</summary>
    public async Task WaitForRequestsAsync(int requests, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Log.Count < requests && !_workers.IsCompleted)
        {
            if (DateTime.UtcNow >= deadline)
                throw new TimeoutException($"only {Log.Count} of {requests} requests within {timeout.TotalSeconds:0} s");
            await Task.Delay(100);
        }
    }

    /// <summary>Starts no more flows and waits for the running ones; aborts them if they outlast <paramref name="timeout"/>.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        _stopStarting.Cancel();
        if (await Task.WhenAny(_workers, Task.Delay(timeout)) != _workers)
        {
            _abort.Cancel();
            throw new TimeoutException($"flows still running {timeout.TotalSeconds:0} s after the load was stopped");
        }
        await _workers;
    }

    private async Task WorkAsync(int seed)
    {
        var random = new Random(seed);
        var totalWeight = _options.Mix.Sum(entry => entry.Weight);
        while (!_stopStarting.IsCancellationRequested && Log.Count < _options.MaxRequests)
        {
            if (Interlocked.Increment(ref _flowsStarted) > _options.MaxFlows)
            {
                Interlocked.Decrement(ref _flowsStarted);
                return;
            }
            var pick = random.Next(totalWeight);
            var flow = _options.Mix.First(entry => (pick -= entry.Weight) < 0).Flow;
            try
            {
                if (!await flow.RunAsync(_context, _abort.Token))
                {
                    Interlocked.Increment(ref _flowsFailed);
                    // A refused port fails a flow in a millisecond; without a pause the worker would spin.
                    await Task.Delay(FailurePause, _abort.Token);
                }
            }
            catch (OperationCanceledException) when (_abort.IsCancellationRequested)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopStarting.Cancel();
        _abort.Cancel();
        try
        {
            await _workers;
        }
        catch (OperationCanceledException)
        {
            // Aborted on purpose.
        }
        _http.Dispose();
        _stopStarting.Dispose();
        _abort.Dispose();
    }
}
