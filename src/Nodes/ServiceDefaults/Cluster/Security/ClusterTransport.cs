using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AkkaOcr.ServiceDefaults.Settings;

namespace AkkaOcr.ServiceDefaults.Cluster.Security;

/// <summary>
/// How this node talks to the others: mutual TLS with its certificate, trusting the cluster's private CA
/// alone, or (Development on loopback only) plain TCP. Loaded once, before the actor system starts, so a
/// certificate that cannot be used stops the node with one line instead of failing every handshake later.
/// </summary>
public sealed class ClusterTransport
{
    public const string PlainScheme = "akka.tcp";

    /// <summary>Akka.Remote names TLS addresses <c>akka.ssl.tcp</c>; a TLS node answers no other.</summary>
    public const string TlsScheme = "akka.ssl.tcp";

    private ClusterTransport(X509Certificate2? certificate, X509Certificate2? certificateAuthority)
    {
        Certificate = certificate;
        CertificateAuthority = certificateAuthority;
    }

    /// <summary>Plain TCP, which only Development on loopback may use (see <see cref="ClusterTlsSettings.Validate"/>).</summary>
    public static ClusterTransport Plain { get; } = new(null, null);

    /// <summary>This node's certificate, with its private key; null for plain TCP.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>The cluster's private CA, the only root a peer's certificate may chain to; null for plain TCP.</summary>
    public X509Certificate2? CertificateAuthority { get; }

    public bool IsTls => Certificate is not null;

    public string Scheme => IsTls ? TlsScheme : PlainScheme;

    /// <summary>
    /// A seed node written with either scheme, in this transport's scheme: the configured addresses stay
    /// <c>akka.tcp://…</c> everywhere (the documented form) while the node reaches them over TLS.
    /// </summary>
    public string SeedNode(string address)
    {
        var separator = address.IndexOf("://", StringComparison.Ordinal);
        return separator < 0 ? address : Scheme + address[separator..];
    }

    /// <summary>Reads the files named by <paramref name="settings"/>; plain TCP when none are configured.</summary>
    /// <exception cref="SettingsException">A file is missing, unreadable, or not what it must be.</exception>
    public static ClusterTransport Load(ClusterTlsSettings settings)
    {
        if (!settings.IsConfigured)
            return Plain;
        var authority = LoadCertificateAuthority(settings.CaCertificatePath!);
        var certificate = LoadNodeCertificate(settings.CertificatePath!, settings.CertificatePassword);
        if (!ClusterCertificateValidation.ChainsTo(certificate, authority, out var problem))
            throw new SettingsException(
                $"{ClusterTlsSettings.CertificatePathKey} '{settings.CertificatePath}' is not a node certificate of the CA in {ClusterTlsSettings.CaCertificatePathKey}: {problem}");
        return new ClusterTransport(certificate, authority);
    }

    private static X509Certificate2 LoadCertificateAuthority(string path)
    {
        X509Certificate2 authority;
        try
        {
            authority = X509Certificate2.CreateFromPem(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new SettingsException($"{ClusterTlsSettings.CaCertificatePathKey} '{path}' cannot be read as a PEM certificate: {e.Message}");
        }
        var constraints = authority.Extensions.OfType<X509BasicConstraintsExtension>().SingleOrDefault();
        if (constraints is not { CertificateAuthority: true })
            throw new SettingsException($"{ClusterTlsSettings.CaCertificatePathKey} '{path}' is not a CA certificate (no basicConstraints CA:TRUE)");
        return authority;
    }

    private static X509Certificate2 LoadNodeCertificate(string path, string? password)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, string.IsNullOrEmpty(password) ? null : password);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            // The password is never part of the message; a wrong one reads as "cannot be read".
            throw new SettingsException(
                $"{ClusterTlsSettings.CertificatePathKey} '{path}' cannot be read as PKCS#12 with {ClusterTlsSettings.CertificatePasswordKey}: {e.Message}");
        }
        if (!certificate.HasPrivateKey)
            throw new SettingsException($"{ClusterTlsSettings.CertificatePathKey} '{path}' holds no private key");
        return certificate;
    }
}
