using AkkaOcr.ServiceDefaults.Cluster.Security;
using AkkaOcr.ServiceDefaults.Settings;

namespace AkkaOcr.Tests.Infrastructure;

/// <summary>
/// The credentials of the clusters the tests start, made by <c>./test.sh</c> with the same script as
/// <c>./run.sh</c>: every test node talks mutual TLS, as production does, so the suite proves it works.
/// </summary>
public static class TestClusterTls
{
    private static readonly Lazy<ClusterTransport> LoadedTransport = new(() => ClusterTransport.Load(Settings(TestServices.ClusterTlsFolder)));

    /// <summary>The cluster's transport, for actor systems the tests build without a host.</summary>
    public static ClusterTransport Transport => LoadedTransport.Value;

    public static string CaCertificatePath(string folder) => Path.Combine(folder, "ca.crt");

    public static string CertificatePath(string folder) => Path.Combine(folder, "node.p12");

    public static string CertificatePassword(string folder) => File.ReadAllText(Path.Combine(folder, "node.password")).Trim();

    /// <summary>The <c>Akka:Tls</c> section for <paramref name="folder"/>'s certificate and CA.</summary>
    public static ClusterTlsSettings Settings(string folder) => new()
    {
        CertificatePath = CertificatePath(folder),
        CertificatePassword = CertificatePassword(folder),
        CaCertificatePath = CaCertificatePath(folder),
    };

    /// <summary>In-process configuration: the test cluster's credentials.</summary>
    public static Dictionary<string, string?> Configuration() => Configuration(TestServices.ClusterTlsFolder);

    public static Dictionary<string, string?> Configuration(string folder) => new()
    {
        ["Akka:Tls:CertificatePath"] = CertificatePath(folder),
        ["Akka:Tls:CertificatePassword"] = CertificatePassword(folder),
        ["Akka:Tls:CaCertificatePath"] = CaCertificatePath(folder),
    };

    /// <summary>Environment of a child process: the test cluster's credentials.</summary>
    public static Dictionary<string, string> EnvironmentVariables() =>
        Configuration().ToDictionary(pair => pair.Key.Replace(":", "__", StringComparison.Ordinal), pair => pair.Value!);
}
