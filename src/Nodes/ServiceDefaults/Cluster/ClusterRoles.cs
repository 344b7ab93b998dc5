namespace AkkaOcr.ServiceDefaults.Cluster;

/// <summary>The cluster roles; a node may hold any combination of them.</summary>
public static class ClusterRoles
{
    public const string Gateway = "gateway";
    public const string Users = "users";
    public const string Ocr = "ocr";
    public const string Notifier = "notifier";

    /// <summary>The roles a <c>Nodes</c> process may be given; the gateway role needs the HTTP API.</summary>
    public static readonly IReadOnlySet<string> BackEnd = new HashSet<string>(StringComparer.Ordinal) { Users, Ocr, Notifier };
}
