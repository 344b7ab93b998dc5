using System.Net;

namespace AkkaOcr.LoadDriver;

/// <summary>
/// How much load and where: a gateway on loopback only, with bounds on flows, requests and time so
/// that a run always ends by itself.
/// </summary>
public sealed record LoadOptions
{
    public required Uri Gateway { get; init; }

    /// <summary>Flows in flight at once.</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>No flow starts once this many have started.</summary>
    public int MaxFlows { get; init; } = 1_000;

    /// <summary>No flow starts once this many requests were sent.</summary>
    public int MaxRequests { get; init; } = 10_000;

    /// <summary>No flow starts after this; flows already running finish.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>A request without an answer by then is a failure (and counts as one that hung).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a flow waits for a mailed code.</summary>
    public TimeSpan MailTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long one connection to the gateway is kept; null keeps it for the whole run. Gateways that share a
    /// port (SO_REUSEPORT) each get the connections the kernel hashed to them: new connections now and then
    /// spread the load over them as many separate clients would, instead of a split fixed at the start.
    /// </summary>
    public TimeSpan? ConnectionLifetime { get; init; }

    /// <summary>The kinds of flow and how often each is picked, by relative weight.</summary>
    public IReadOnlyList<(ILoadFlow Flow, int Weight)> Mix { get; init; } = [(new SignUpFlow(), 3), (new SignInFlow(), 1)];

    internal void Validate()
    {
        if (!Gateway.IsLoopback && !(IPAddress.TryParse(Gateway.Host, out var address) && IPAddress.IsLoopback(address)))
            throw new ArgumentException($"the load driver only drives a gateway on loopback, not {Gateway}");
        if (Concurrency < 1 || MaxFlows < 1 || MaxRequests < 1 || Duration <= TimeSpan.Zero || RequestTimeout <= TimeSpan.Zero)
            throw new ArgumentException("concurrency, flow and request bounds, duration and timeout must be positive");
        if (ConnectionLifetime is { } lifetime && lifetime <= TimeSpan.Zero)
            throw new ArgumentException("a connection lifetime, when set, must be positive");
        if (Mix.Count == 0 || Mix.Any(entry => entry.Weight < 0) || Mix.Sum(entry => entry.Weight) == 0)
            throw new ArgumentException("the mix needs at least one flow with a positive weight");
    }
}
