namespace AkkaOcr.Bench.MailBench;

/// <summary>The benchmark's users: one address each, as long as a typical real one.</summary>
public static class BenchUsers
{
    public static string Email(int index) => $"mail-bench-user-{index:D6}@example.org";
}
