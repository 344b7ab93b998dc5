namespace AkkaOcr.Tests.Infrastructure;

/// <summary>
/// Every packet to and from one loopback TCP port dropped, both ways, by an nftables table of its own: to
/// the processes on either end the other side has gone silent, as a hung server or a partition that drops
/// packets looks, where a stopped server would refuse at once. Lifting it deletes the table; connections
/// that outlived the silence carry on, their lost packets sent again by TCP.
/// </summary>
public sealed class PortBlackhole : IAsyncDisposable
{
    private readonly string _table;
    private bool _lifted;

    private PortBlackhole(string table) => _table = table;

    /// <summary>Why this machine cannot drop packets with nft (no permission, no nftables), or null when it can.</summary>
    public static async Task<string?> UnavailableReasonAsync()
    {
        try
        {
            var (code, text) = await CommandLine.RunAsync("nft", "list tables");
            return code == 0 ? null : $"nft exited with {code}: {text.Trim()}";
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or TimeoutException)
        {
            return $"nft cannot run here: {e.Message}";
        }
    }

    public static async Task<PortBlackhole> StartAsync(int port)
    {
        var table = $"akkaocr_blackhole_{Guid.NewGuid():N}"[..34];
        var rules = $$"""
            table inet {{table}} {
              chain output {
                type filter hook output priority 0; policy accept;
                tcp dport {{port}} drop
                tcp sport {{port}} drop
              }
            }
            """;
        var (code, text) = await CommandLine.RunAsync("nft", "-f -", rules);
        if (code != 0)
            throw new InvalidOperationException($"nft refused the rules for port {port} ({code}): {text.Trim()}");
        return new PortBlackhole(table);
    }

    public async Task LiftAsync()
    {
        if (_lifted)
            return;
        _lifted = true;
        var (code, text) = await CommandLine.RunAsync("nft", $"delete table inet {_table}");
        if (code != 0)
            throw new InvalidOperationException($"could not delete nft table {_table}: {text.Trim()}");
    }

    public async ValueTask DisposeAsync() => await LiftAsync();
}
