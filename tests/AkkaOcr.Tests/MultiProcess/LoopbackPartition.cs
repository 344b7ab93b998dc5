using System.Text;
using System.Text.RegularExpressions;
using AkkaOcr.Tests.Infrastructure;

namespace AkkaOcr.Tests.MultiProcess;

/// <summary>
/// A network partition between two groups of cluster processes on loopback, made with nftables: a table
/// of the partition's own (a unique name) drops, in both directions, every packet of the TCP connections
/// that join a process of one side to a process of the other, and every new connection to a node's Akka
/// port while the cut lasts. All processes share 127.0.0.1, so a connection's sides are told apart by its
/// ports, found with <c>ss</c>: the connections that exist when the cut is made are the ones cut; no new
/// one can form until <see cref="HealAsync"/> (or disposal) deletes the table.
/// Where the machine refuses nft (no permission, no nftables), the partition falls back to freezing the
/// first side with SIGSTOP, which its peers cannot tell from a cut, and <see cref="Fallback"/> says why.
/// </summary>
public sealed partial class LoopbackPartition : IAsyncDisposable
{
    private readonly string? _table;
    private readonly IReadOnlyList<NodeProcess> _frozen;
    private bool _healed;

    private LoopbackPartition(string? table, IReadOnlyList<NodeProcess> frozen, int connectionsCut, string? fallback)
    {
        _table = table;
        _frozen = frozen;
        ConnectionsCut = connectionsCut;
        Fallback = fallback;
    }

    /// <summary>Connections between the two sides that the cut drops (each counted once).</summary>
    public int ConnectionsCut { get; }

    /// <summary>Why the partition is a SIGSTOP of the first side instead of an nft cut; null for a real cut.</summary>
    public string? Fallback { get; }

    public static async Task<LoopbackPartition> CutAsync(IReadOnlyList<NodeProcess> side, IReadOnlyList<NodeProcess> otherSide)
    {
        var table = $"akkaocr_partition_{Guid.NewGuid():N}"[..34];
        string? failure;
        try
        {
            var cut = CrossConnections(await CommandLine.RunAsync("ss", "-tnpH"), side, otherSide);
            var (code, text) = await CommandLine.RunAsync("nft", "-f -", Ruleset(table, cut, side.Concat(otherSide)));
            if (code == 0)
                return new LoopbackPartition(table, [], cut.Count / 2, null);
            failure = $"nft exited with {code}: {text.Trim()}";
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or TimeoutException or InvalidOperationException)
        {
            failure = $"{e.GetType().Name}: {e.Message}";
        }
        foreach (var node in side)
            PosixSignals.Send(node.Pid, PosixSignals.Stop);
        return new LoopbackPartition(null, side, 0, $"the machine refused nft ({failure}); {string.Join(", ", side.Select(node => node.Name))} frozen with SIGSTOP instead");
    }

    /// <summary>Lets traffic through again (or the frozen side run again); the connections that were cut stay broken, new ones form.</summary>
    public async Task HealAsync()
    {
        if (_healed)
            return;
        _healed = true;
        foreach (var node in _frozen)
            PosixSignals.Send(node.Pid, PosixSignals.Continue);
        if (_table is not null)
        {
            var (code, text) = await CommandLine.RunAsync("nft", $"delete table inet {_table}");
            if (code != 0)
                throw new InvalidOperationException($"could not delete nft table {_table}: {text.Trim()}");
        }
    }

    public async ValueTask DisposeAsync() => await HealAsync();

    private static string Ruleset(string table, IReadOnlyCollection<(int From, int To)> cut, IEnumerable<NodeProcess> nodes)
    {
        var rules = new StringBuilder()
            .AppendLine($"table inet {table} {{")
            .AppendLine("  chain output {")
            .AppendLine("    type filter hook output priority 0; policy accept;");
        if (cut.Count > 0)
            rules.AppendLine($"    tcp sport . tcp dport {{ {string.Join(", ", cut.Select(pair => $"{pair.From} . {pair.To}"))} }} drop");
        rules.AppendLine($"    tcp flags & (syn | ack) == syn tcp dport {{ {string.Join(", ", nodes.Select(node => node.Spec.AkkaPort).Distinct())} }} drop")
            .AppendLine("  }")
            .AppendLine("}");
        return rules.ToString();
    }

    /// <summary>
    /// Port pairs (from, to), both directions, of the established connections with one end in a process of
    /// <paramref name="side"/> and the other in one of <paramref name="otherSide"/>.
    /// </summary>
    private static List<(int From, int To)> CrossConnections((int Code, string Text) ss, IReadOnlyList<NodeProcess> side,
        IReadOnlyList<NodeProcess> otherSide)
    {
        if (ss.Code != 0)
            throw new InvalidOperationException($"ss exited with {ss.Code}: {ss.Text.Trim()}");
        var owner = new Dictionary<(int Local, int Peer), int>();
        foreach (Match socket in Socket().Matches(ss.Text))
            owner.TryAdd((int.Parse(socket.Groups["local"].Value), int.Parse(socket.Groups["peer"].Value)), int.Parse(socket.Groups["pid"].Value));
        var sidePids = side.Select(node => node.Pid).ToHashSet();
        var otherPids = otherSide.Select(node => node.Pid).ToHashSet();
        var cut = new List<(int, int)>();
        foreach (var ((local, peer), pid) in owner)
        {
            if (sidePids.Contains(pid) && owner.TryGetValue((peer, local), out var peerPid) && otherPids.Contains(peerPid))
                cut.AddRange([(local, peer), (peer, local)]);
        }
        return cut;
    }

    // "ESTAB 0 0 127.0.0.1:40013 127.0.0.1:35542 users:(("dotnet",pid=1234,fd=312))"
    [GeneratedRegex(@"^\S+\s+\d+\s+\d+\s+\S+:(?<local>\d+)\s+\S+:(?<peer>\d+)\s+users:\(\(""[^""]*"",pid=(?<pid>\d+)", RegexOptions.Multiline)]
    private static partial Regex Socket();
}
