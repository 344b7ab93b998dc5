using System.Diagnostics;
using Akka.Actor;
using Akka.Hosting;
using AkkaOcr.Gateway.Cluster;
using AkkaOcr.Messages.Users;
using AkkaOcr.ServiceDefaults.Cluster;

namespace AkkaOcr.Gateway.Users;

/// <summary>
/// Asks user entities through the shard region, always within <see cref="AskTimeout"/>.
/// </summary>
/// <remarks>
/// Cluster sharding delivers at most once: a shard hand-off drops the messages that reach the old node
/// between its begin and its end, and a crashed node takes its mailbox with it. So a request still
/// unanswered at each of <see cref="SendAgainAfter"/> is sent again, and the first answer wins. That is
/// safe: queries read only, a one-time-code request is idempotent within its cooldown, and the other
/// commands carry a request id (<see cref="IWithRequestId"/>) that the entity answers copies of without
/// applying them twice.
/// </remarks>
public sealed class UserShardClient(IRequiredActor<UserRegion> region, ILogger<UserShardClient> logger)
{
    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// When copies go out, counted from the first send: far above a normal answer (milliseconds), so that
    /// copies are rare, and early enough that a copy has time to be answered after a hand-off completes.
    /// </summary>
    public static readonly IReadOnlyList<TimeSpan> SendAgainAfter = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2.5)];

    public async Task<object> AskAsync(IWithEmail message, CancellationToken cancellationToken)
    {
        var actor = await region.GetAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        // Cancelled once an answer is in: the copies still waiting end quietly instead of timing out later.
        using var outstanding = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sends = new List<Task<object>> { Send() };
        var copiesDue = new Queue<TimeSpan>(SendAgainAfter);
        try
        {
            while (sends.Count > 0)
            {
                var nextCopy = copiesDue.Count > 0 ? Task.Delay(Max(copiesDue.Peek() - clock.Elapsed, TimeSpan.Zero), outstanding.Token) : null;
                var done = await Task.WhenAny(nextCopy is null ? sends : [.. sends, nextCopy]);
                if (done == nextCopy)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    copiesDue.Dequeue();
                    logger.LogInformation("No answer to {Message} after {Elapsed} ms; sending it again", message.GetType().Name, clock.ElapsedMilliseconds);
                    sends.Add(Send());
                    continue;
                }

                var send = (Task<object>)done;
                sends.Remove(send);
                if (send.IsCompletedSuccessfully)
                    return send.Result;
                if (send.Exception?.InnerException is not AskTimeoutException)
                    return await send; // cancelled by the caller, or a failure that is not a lost message
            }
        }
        finally
        {
            await outstanding.CancelAsync();
        }

        throw new ClusterUnavailableException(ClusterRoles.Users,
            new AskTimeoutException($"No answer to {message.GetType().Name} within {AskTimeout.TotalSeconds:0} s"));

        // Every copy has the same deadline as the first send.
        Task<object> Send() => actor.Ask<object>(message, Max(AskTimeout - clock.Elapsed, TimeSpan.FromMilliseconds(1)), outstanding.Token);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
