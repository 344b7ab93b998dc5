namespace AkkaOcr.ServiceDefaults.Settings;

/// <summary>
/// Where this node finds its cluster credentials: <c>Akka__Tls__CertificatePath</c> (PKCS#12 with the
/// node's certificate and private key), <c>Akka__Tls__CertificatePassword</c> (its password, if any) and
/// <c>Akka__Tls__CaCertificatePath</c> (PEM: the cluster's private CA, the only issuer a peer may have).
/// </summary>
public sealed class ClusterTlsSettings
{
    public const string CertificatePathKey = "Akka__Tls__CertificatePath";
    public const string CertificatePasswordKey = "Akka__Tls__CertificatePassword";
    public const string CaCertificatePathKey = "Akka__Tls__CaCertificatePath";

    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    public string? CaCertificatePath { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(CertificatePath) || !string.IsNullOrWhiteSpace(CaCertificatePath);

    /// <summary>
    /// TLS is required outside Development. In Development a node without certificates may talk plain
    /// TCP, but only while it listens on loopback, where no other machine can reach it.
    /// </summary>
    public IEnumerable<string> Validate(bool isDevelopment, AkkaSettings akka)
    {
        if (IsConfigured)
        {
            if (string.IsNullOrWhiteSpace(CertificatePath))
                yield return $"{CertificatePathKey} is not set, but {CaCertificatePathKey} is: a node needs both";
            if (string.IsNullOrWhiteSpace(CaCertificatePath))
                yield return $"{CaCertificatePathKey} is not set, but {CertificatePathKey} is: a node needs both";
        }
        else if (!isDevelopment)
            yield return $"{CertificatePathKey} and {CaCertificatePathKey} are not set: outside Development nodes talk only over mutual TLS";
        else if (!LoopbackHost.IsLoopback(akka.Hostname) || !LoopbackHost.IsLoopback(akka.EffectivePublicHostname))
            yield return $"{CertificatePathKey} and {CaCertificatePathKey} are not set: without TLS a node may listen on loopback only, not on '{akka.Hostname}'";
    }
}
