using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Event;
using Akka.Remote.Transport.DotNetty;

namespace AkkaOcr.ServiceDefaults.Cluster.Security;

/// <summary>
/// Who may talk to this node: a peer whose certificate chains to the cluster's private CA, and nothing
/// else. The machine's trust store plays no part: a certificate from a public CA, or from any other
/// private one, is a stranger's.
/// </summary>
public static class ClusterCertificateValidation
{
    // A node certificate serves both ends of a connection: it accepts (server) and it dials (client).
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    /// <summary>
    /// The check for both sides of the handshake. The host name is deliberately not checked: peers dial
    /// each other by whatever address they advertise (127.0.0.1 locally, a container's host name in
    /// compose, where scaled replicas have generated names), and the accepting side has no name to
    /// compare at all. Holding a key that the cluster's CA certified is what makes a member.
    /// </summary>
    public static CertificateValidationCallback TrustOnly(X509Certificate2 authority) =>
        (certificate, _, peer, _, log) =>
        {
            if (certificate is null)
            {
                log.Warning("Cluster TLS: refused {0}, which presented no certificate", peer);
                return false;
            }
            if (ChainsTo(certificate, authority, out var problem))
                return true;
            log.Warning("Cluster TLS: refused {0}, whose certificate [{1}] is not from the cluster's CA: {2}", peer, certificate.Subject, problem);
            return false;
        };

    /// <summary>Builds <paramref name="certificate"/>'s chain with <paramref name="authority"/> as the only trusted root.</summary>
    public static bool ChainsTo(X509Certificate2 certificate, X509Certificate2 authority, out string problem)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        // A private CA publishes no revocation list; a compromised node is removed by rotating the CA.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(ServerAuthentication);
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        // No certificate the peer sent along may stand in for the CA: only the custom store is trusted.
        chain.ChainPolicy.DisableCertificateDownloads = true;
        var valid = chain.Build(certificate);
        problem = valid
            ? ""
            : string.Join("; ", chain.ChainStatus.Select(status => $"{status.Status}: {status.StatusInformation.Trim()}").Distinct());
        foreach (var element in chain.ChainElements)
            if (!ReferenceEquals(element.Certificate, certificate) && !ReferenceEquals(element.Certificate, authority))
                element.Certificate.Dispose();
        return valid;
    }
}
