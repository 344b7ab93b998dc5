using System.Diagnostics.Metrics;
using AkkaOcr.ServiceDefaults.Observability;

namespace AkkaOcr.Users;

/// <summary>What the user entities on this node did.</summary>
public static class UserMetrics
{
    private static readonly Meter Meter = new(AkkaOcrMeter.Name);

    private static readonly Counter<long> Messages = Meter.CreateCounter<long>(
        "akkaocr.user.messages", unit: "{message}", description: "Requests answered by the user entities on this node");

    /// <param name="kind"><c>command</c> or <c>query</c>.</param>
    public static void MessageAnswered(string kind) => Messages.Add(1, new KeyValuePair<string, object?>("kind", kind));
}
