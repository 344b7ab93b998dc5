using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Xml.Linq;
using AkkaOcr.Tests.Infrastructure;
using AkkaOcr.Tests.MultiProcess;

namespace AkkaOcr.Tests.Architecture;

/// <summary>
/// The gateway is the edge: it reaches the roles only through the protocol. Its project references hold
/// no role library, its build output carries none, and its running process loads none, nor the OCR
/// engine, the mail sender or the broker client.
/// </summary>
public sealed class GatewayLayeringTests
{
    /// <summary>Assemblies of the roles and of what only they use; none may be in the gateway's process.</summary>
    private static readonly string[] RoleAssemblies =
        ["AkkaOcr.Users.dll", "AkkaOcr.Mail.dll", "AkkaOcr.Ocr.dll", "AkkaOcr.Nodes.dll", "MailKit.dll", "RabbitMQ.Client.dll",
         "Microsoft.ML.OnnxRuntime.dll", "SkiaSharp.dll"];

    [Fact]
    public void The_gateway_references_only_the_protocol_and_the_shared_host_library()
    {
        Assert.Equal(["AkkaOcr.Documents.csproj", "AkkaOcr.Messages.csproj", "AkkaOcr.Routing.csproj", "AkkaOcr.ServiceDefaults.csproj"], ProjectReferences("src/Gateway/AkkaOcr.Gateway.csproj"));
        Assert.Equal(["AkkaOcr.ServiceDefaults.csproj"], ProjectReferences("src/Nodes/Routing/AkkaOcr.Routing.csproj"));
        Assert.Equal(["AkkaOcr.Messages.csproj"], ProjectReferences("src/Nodes/Documents/AkkaOcr.Documents.csproj"));
        Assert.Equal(["AkkaOcr.Messages.csproj"], ProjectReferences("src/Nodes/ServiceDefaults/AkkaOcr.ServiceDefaults.csproj"));
        Assert.Empty(ProjectReferences("src/Messages/AkkaOcr.Messages.csproj"));
    }

    [Fact]
    public async Task A_running_gateway_loads_no_role_library_no_ocr_engine_no_mail_sender_and_no_broker_client()
    {
        var output = Path.GetDirectoryName(BuildOutputs.GatewayDll)!;
        Assert.All(RoleAssemblies, assembly => Assert.False(File.Exists(Path.Combine(output, assembly)), $"{assembly} is in the gateway's output"));

        var httpPort = FreeTcpPort.Next();
        var akkaPort = FreeTcpPort.Next();
        var start = new ProcessStartInfo(BuildOutputs.DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = output,
            Environment = { ["DOTNET_ENVIRONMENT"] = "Development" },
        };
        foreach (var (key, value) in TestClusterTls.EnvironmentVariables())
            start.Environment[key] = value;
        foreach (var argument in new[]
                 {
                     BuildOutputs.GatewayDll, "--urls", $"http://127.0.0.1:{httpPort}", $"--Akka:Port={akkaPort}",
                     $"--Akka:SeedNodes:0=akka.tcp://akkaocr@127.0.0.1:{akkaPort}",
                 })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        ProcessReaper.Watch(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
            await Eventually.MatchesAsync(async () => (await TryGetAsync(client, "/health/live"))?.StatusCode,
                status => status == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "the gateway answering");
            // Walk the routes that lead to the roles, so whatever they would load is loaded.
            var register = await client.PostAsJsonAsync("/auth/register", new { name = "Ada", email = "ada@example.org", password = "correct horse battery" });
            Assert.Equal(HttpStatusCode.ServiceUnavailable, register.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/ocr", new ByteArrayContent([1]))).StatusCode);

            var mapped = File.ReadAllLines($"/proc/{process.Id}/maps")
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "")
                .Where(path => path.StartsWith('/')).Select(Path.GetFileName).ToHashSet();
            // The check sees managed assemblies at all: the gateway's own and the shared library are there.
            Assert.Contains("AkkaOcr.Gateway.dll", mapped);
            Assert.Contains("AkkaOcr.ServiceDefaults.dll", mapped);
            Assert.All(RoleAssemblies, assembly => Assert.DoesNotContain(assembly, mapped));
            Assert.DoesNotContain(mapped, file => file!.StartsWith("libtesseract", StringComparison.Ordinal) || file.StartsWith("liblept", StringComparison.Ordinal));
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
            ProcessReaper.Forget(process);
        }
    }

    private static async Task<HttpResponseMessage?> TryGetAsync(HttpClient client, string path)
    {
        try
        {
            return await client.GetAsync(path);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static List<string> ProjectReferences(string project) =>
        XDocument.Load(Path.Combine(BuildOutputs.RepositoryRoot, project)).Descendants("ProjectReference")
            .Select(reference => Path.GetFileName(reference.Attribute("Include")!.Value.Replace('\\', '/')))
            .Order(StringComparer.Ordinal).ToList();
}
