using System.Net;
using AkkaOcr.ServiceDefaults.Cluster;
using AkkaOcr.ServiceDefaults.Cluster.Security;
using Microsoft.Extensions.Configuration;

namespace AkkaOcr.ServiceDefaults.Settings;

/// <summary>
/// This node's place in the cluster: <c>Akka__Hostname</c>, <c>Akka__Port</c>, <c>Akka__SeedNodes__N</c>,
/// <c>Akka__Roles__N</c>, and its transport credentials under <c>Akka__Tls__*</c>.
/// </summary>
public sealed class AkkaSettings
{
    public const string SectionName = "Akka";
    public const string DefaultSeedNode = $"akka.tcp://{ClusterHosting.ActorSystemName}@127.0.0.1:4053";

    /// <summary>The address remoting binds to.</summary>
    public string Hostname { get; set; } = "127.0.0.1";

    /// <summary>
    /// The address other nodes use to reach this one. Left empty with a wildcard <see cref="Hostname"/>,
    /// the machine's host name is used, which is what replicas behind one container service name need.
    /// </summary>
    public string? PublicHostname { get; set; }

    public int Port { get; set; } = 4053;

    public List<string> SeedNodes { get; set; } = [];

    public List<string> Roles { get; set; } = [];

    public ClusterTlsSettings Tls { get; set; } = new();

    public string EffectivePublicHostname =>
        !string.IsNullOrWhiteSpace(PublicHostname) ? PublicHostname
        : Hostname is "0.0.0.0" or "::" ? Dns.GetHostName()
        : Hostname;

    /// <summary>Binds the section; <paramref name="hostRoles"/> (the gateway's) come first, duplicates collapse.</summary>
    public static AkkaSettings Load(IConfiguration configuration, params string[] hostRoles)
    {
        var akka = SettingsBinding.Bind<AkkaSettings>(configuration, SectionName);
        if (akka.SeedNodes.Count == 0)
            akka.SeedNodes.Add(DefaultSeedNode);
        akka.Roles = hostRoles.Concat(akka.Roles).Select(role => role.Trim()).Where(role => role.Length > 0)
            .Distinct(StringComparer.Ordinal).ToList();
        return akka;
    }

    public bool HasRole(string role) => Roles.Contains(role);

    /// <param name="isDevelopment">Only Development may run without TLS, and then on loopback only.</param>
    public IEnumerable<string> Validate(bool isDevelopment)
    {
        if (string.IsNullOrWhiteSpace(Hostname))
            yield return "Akka__Hostname is empty";
        if (Port is < 0 or > 65535)
            yield return $"Akka__Port {Port} is not a TCP port";
        foreach (var seed in SeedNodes)
        {
            // Either scheme names the same node: the transport decides whether it is reached over TLS.
            if (!Uri.TryCreate(seed, UriKind.Absolute, out var uri) || uri.Scheme is not (ClusterTransport.PlainScheme or ClusterTransport.TlsScheme) ||
                uri.UserInfo != ClusterHosting.ActorSystemName || uri.Port <= 0)
                yield return $"seed node '{seed}' is not of the form akka.tcp://{ClusterHosting.ActorSystemName}@host:port";
        }
        foreach (var problem in Tls.Validate(isDevelopment, this))
            yield return problem;
        foreach (var role in Roles.Where(role => role != ClusterRoles.Gateway && !ClusterRoles.BackEnd.Contains(role)))
            yield return $"unknown role '{role}' (known: {ClusterRoles.Gateway}, {string.Join(", ", ClusterRoles.BackEnd)})";
    }
}
