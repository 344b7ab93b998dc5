using Microsoft.Extensions.Configuration;

namespace AkkaOcr.ServiceDefaults.Settings;

/// <summary>
/// The published <see cref="DevelopmentDefaults"/> are known to everyone, so a process that uses one
/// (filled in by Development, or configured by copying it) may only be reachable from this machine:
/// every HTTP listener and the Akka address on loopback. Anything else is refused at start-up.
/// </summary>
public static class DevelopmentSecrets
{
    /// <param name="secretsInUse">Each secret this process uses: its configuration key and its value.</param>
    /// <returns>One problem naming the development secrets and the addresses that are not loopback, or none.</returns>
    public static IEnumerable<string> RefuseOffLoopback(
        IConfiguration configuration, AkkaSettings akka, IEnumerable<(string Key, string? Value)> secretsInUse)
    {
        var published = secretsInUse.Where(secret => IsPublished(secret.Value)).Select(secret => secret.Key).ToList();
        if (published.Count == 0)
            yield break;
        var exposed = HttpListeners.NotLoopback(configuration).ToList();
        if (!LoopbackHost.IsLoopback(akka.Hostname))
            exposed.Add($"Akka__Hostname '{akka.Hostname}'");
        else if (!LoopbackHost.IsLoopback(akka.EffectivePublicHostname))
            exposed.Add($"Akka__PublicHostname '{akka.EffectivePublicHostname}'");
        if (exposed.Count > 0)
            yield return $"{string.Join(", ", published)} {(published.Count == 1 ? "is" : "are")} the published development value, " +
                         $"allowed only while every listener is loopback, but this process listens on {string.Join(", ", exposed)}: " +
                         "set a secret of your own";
    }

    private static bool IsPublished(string? value) =>
        value is DevelopmentDefaults.JwtSigningKey or DevelopmentDefaults.DataKey or DevelopmentDefaults.Postgres or DevelopmentDefaults.RabbitMq;
}
