using AkkaOcr.Gateway;
using AkkaOcr.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;

namespace AkkaOcr.Tests.Settings;

/// <summary>Loads a node's or the gateway's settings from in-memory values, as the hosts do from their configuration.</summary>
internal static class SettingsLoading
{
    /// <summary>Validation names the files only; nothing reads them before the host starts.</summary>
    public static Dictionary<string, string?> WithTlsFiles(Dictionary<string, string?> values)
    {
        values["Akka:Tls:CertificatePath"] = "node.p12";
        values["Akka:Tls:CaCertificatePath"] = "ca.crt";
        return values;
    }

    public static NodeSettings Load(string environment, Dictionary<string, string?> values) =>
        NodeSettings.Load(Configuration(values), new HostingEnvironment { EnvironmentName = environment });

    public static GatewaySettings LoadGateway(string environment, Dictionary<string, string?> values) =>
        GatewaySettings.Load(Configuration(values), new HostingEnvironment { EnvironmentName = environment });

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
