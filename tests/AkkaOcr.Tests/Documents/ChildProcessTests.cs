using System.Diagnostics;
using System.Text;
using AkkaOcr.Documents.Tools;

namespace AkkaOcr.Tests.Documents;

/// <summary>A tool that hangs, balloons or floods its output fails on its own, quickly, and takes nothing of the node with it.</summary>
public sealed class ChildProcessTests : IDisposable
{
    private static readonly ToolLimits Limits = new(TimeSpan.FromSeconds(10), 256L << 20, 1L << 20);

    private readonly ScratchDirectory scratch = new();

    public void Dispose() => scratch.Dispose();

    [Fact]
    public async Task Standard_output_comes_back_byte_for_byte()
    {
        var result = await ChildProcess.RunAsync("printf", ["a\\000b\\377"], Limits, scratch.Path, CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(new byte[] { (byte)'a', 0, (byte)'b', 0xFF }, result.StandardOutput);
    }

    [Fact]
    public async Task A_failing_exit_status_is_Failed_with_the_status_in_the_message_and_the_error_output_kept_apart()
    {
        var failure = await Assert.ThrowsAsync<DocumentToolException>(() =>
            ChildProcess.RunAsync("sh", ["-c", "echo 'cannot parse' >&2; exit 3"], Limits, scratch.Path, CancellationToken.None));

        Assert.Equal(DocumentToolFailure.Failed, failure.Failure);
        Assert.Contains("exit status 3", failure.Message);
        Assert.DoesNotContain("cannot parse", failure.Message);
        Assert.Contains("cannot parse", failure.ErrorOutput);
    }

    [Fact]
    public async Task A_tool_that_answers_by_its_exit_status_may_name_the_statuses_that_are_answers()
    {
        var result = await ChildProcess.RunAsync("sh", ["-c", "exit 2"], Limits, scratch.Path, [0, 2], CancellationToken.None);

        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public async Task Past_the_deadline_the_whole_process_tree_is_killed_and_the_run_is_TimedOut()
    {
        var limits = Limits with { Timeout = TimeSpan.FromMilliseconds(500) };
        var clock = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<DocumentToolException>(() => ChildProcess.RunAsync(
            "sh", ["-c", "sleep 60 & echo $! > grandchild.pid; wait"], limits, scratch.Path, CancellationToken.None));

        Assert.Equal(DocumentToolFailure.TimedOut, failure.Failure);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        var grandchild = int.Parse(File.ReadAllText(Path.Combine(scratch.Path, "grandchild.pid")).Trim());
        Assert.True(await IsGoneAsync(grandchild), $"process {grandchild} outlived its tree");
    }

    [Fact]
    public async Task Cancellation_kills_the_tool_and_is_reported_as_cancellation()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            ChildProcess.RunAsync("sleep", ["60"], Limits, scratch.Path, cancel.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task An_allocation_past_the_memory_limit_fails_inside_the_tool()
    {
        string[] allocate = ["-c", "bytearray(400 * 1024 * 1024)"];

        var failure = await Assert.ThrowsAsync<DocumentToolException>(() =>
            ChildProcess.RunAsync("python3", allocate, Limits with { MemoryBytes = 200L << 20 }, scratch.Path, CancellationToken.None));
        var roomy = await ChildProcess.RunAsync("python3", allocate, Limits with { MemoryBytes = 2L << 30 }, scratch.Path, CancellationToken.None);

        Assert.Equal(DocumentToolFailure.OutOfMemory, failure.Failure);
        Assert.Equal(0, roomy.ExitCode);
    }

    [Fact]
    public async Task Output_past_its_bound_kills_the_tool_and_is_OutputTooLarge()
    {
        var clock = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<DocumentToolException>(() =>
            ChildProcess.RunAsync("cat", ["/dev/zero"], Limits, scratch.Path, CancellationToken.None));

        Assert.Equal(DocumentToolFailure.OutputTooLarge, failure.Failure);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task The_tool_sees_none_of_the_node_environment_and_writes_its_side_files_into_the_working_directory()
    {
        Environment.SetEnvironmentVariable("AKKAOCR_TEST_SECRET_FOR_TOOLS", "do-not-leak");

        var result = await ChildProcess.RunAsync("env", [], Limits, scratch.Path, CancellationToken.None);
        var environment = Encoding.UTF8.GetString(result.StandardOutput);

        Assert.DoesNotContain("AKKAOCR_TEST_SECRET_FOR_TOOLS", environment);
        Assert.Contains($"TMPDIR={scratch.Path}\n", environment);
        Assert.Contains($"HOME={scratch.Path}\n", environment);
    }

    [Fact]
    public async Task A_program_that_does_not_exist_is_Failed()
    {
        var failure = await Assert.ThrowsAsync<DocumentToolException>(() =>
            ChildProcess.RunAsync("no-such-tool-akkaocr", [], Limits, scratch.Path, CancellationToken.None));

        Assert.Equal(DocumentToolFailure.Failed, failure.Failure);
    }

    private static async Task<bool> IsGoneAsync(int pid)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var stat = $"/proc/{pid}/stat";
            if (!File.Exists(stat))
                return true;
            try
            {
                // A zombie (state Z) is dead; it only waits for its parent to collect it.
                var fields = File.ReadAllText(stat);
                if (fields[(fields.LastIndexOf(')') + 2)..].StartsWith('Z'))
                    return true;
            }
            catch (IOException)
            {
                return true;
            }
            await Task.Delay(100);
        }
        return false;
    }
}
