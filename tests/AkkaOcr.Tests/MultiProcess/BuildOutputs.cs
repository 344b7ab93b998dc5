using System.Reflection;

namespace AkkaOcr.Tests.MultiProcess;

/// <summary>
/// The executables the multi-process tests start: the <c>dotnet build</c> outputs of <c>src/Gateway</c>
/// and <c>src/Nodes</c>, in this test assembly's configuration and target framework. This project
/// references both, so building the tests builds them.
/// </summary>
public static class BuildOutputs
{
    private const string SolutionFile = "AkkaOcr.sln";

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Configuration { get; } =
        typeof(BuildOutputs).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>The folder name the SDK gives this framework's outputs, read off our own output folder (bin/CONFIG/TFM/).</summary>
    public static string TargetFramework { get; } = Path.GetFileName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));

    public static string GatewayDll => Output("src/Gateway", "AkkaOcr.Gateway.dll");

    public static string NodesDll => Output("src/Nodes", "AkkaOcr.Nodes.dll");

    /// <summary>The <c>dotnet</c> host that runs us (the SDK sets DOTNET_HOST_PATH for test runs), else the one on PATH.</summary>
    public static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static string Output(string project, string assembly)
    {
        var path = Path.Combine(RepositoryRoot, project, "bin", Configuration, TargetFramework, assembly);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException(
                $"{assembly} is not built for {Configuration}/{TargetFramework} at {path}; build the solution (dotnet build AkkaOcr.sln -c {Configuration}).");
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, SolutionFile)))
                return folder.FullName;
        throw new DirectoryNotFoundException($"no {SolutionFile} above {AppContext.BaseDirectory}");
    }
}
