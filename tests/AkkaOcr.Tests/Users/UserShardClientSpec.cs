using System.Diagnostics;
using Akka.Hosting;
using AkkaOcr.Gateway.Cluster;
using AkkaOcr.Gateway.Users;
using AkkaOcr.Messages.Users;
using AkkaOcr.ServiceDefaults.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace AkkaOcr.Tests.Users;

/// <summary>
/// The gateway's side of at-most-once delivery: a message to the shard region that is never answered
/// (lost in a hand-off) is sent again, and the first answer wins, all within the one Ask timeout.
/// The region here is a test probe, so that exactly which message is lost is chosen by the test.
/// </summary>
public sealed class UserShardClientSpec(ITestOutputHelper output) : Akka.Hosting.TestKit.TestKit(output: output)
{
    private static readonly UserQueries.GetProfile Query = new("ada@example.org");
    private static readonly UserReplies.Profile Answer = new(UserId.New(), "ada@example.org", "Ada", true, DateTimeOffset.UnixEpoch);

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider)
    {
    }

    [Fact]
    public async Task A_lost_message_is_sent_again_and_the_copy_is_answered_within_the_ask_timeout()
    {
        var (directory, region) = Directory();
        var watch = Stopwatch.StartNew();
        var asking = directory.AskAsync(Query, CancellationToken.None);

        await region.ExpectMsgAsync(Query); // lost: never answered
        await region.ExpectMsgAsync(Query, TimeSpan.FromSeconds(3));
        var copyAfter = watch.Elapsed;
        region.LastSender.Tell(Answer, region.Ref);

        Assert.Equal(Answer, await asking);
        Assert.InRange(copyAfter, UserShardClient.SendAgainAfter[0] - TimeSpan.FromMilliseconds(50), UserShardClient.SendAgainAfter[1]);
    }

    [Fact]
    public async Task A_late_answer_to_the_first_send_is_taken_and_the_copies_stop()
    {
        var (directory, region) = Directory();
        var asking = directory.AskAsync(Query, CancellationToken.None);

        await region.ExpectMsgAsync(Query);
        var first = region.LastSender;
        await region.ExpectMsgAsync(Query, TimeSpan.FromSeconds(3));
        first.Tell(Answer, region.Ref);

        Assert.Equal(Answer, await asking);
        await region.ExpectNoMsgAsync(UserShardClient.AskTimeout);
    }

    [Fact]
    public async Task A_region_that_never_answers_gives_cluster_unavailable_at_the_ask_timeout_after_every_copy()
    {
        var (directory, region) = Directory();
        var watch = Stopwatch.StartNew();
        var asking = directory.AskAsync(Query, CancellationToken.None);

        for (var send = 0; send <= UserShardClient.SendAgainAfter.Count; send++)
            await region.ExpectMsgAsync(Query, TimeSpan.FromSeconds(3));
        var error = await Assert.ThrowsAsync<ClusterUnavailableException>(() => asking);

        Assert.Contains(nameof(UserQueries.GetProfile), error.InnerException!.Message);
        Assert.InRange(watch.Elapsed, UserShardClient.AskTimeout - TimeSpan.FromMilliseconds(100), UserShardClient.AskTimeout + TimeSpan.FromSeconds(2));
        await region.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public async Task A_cancelled_request_stops_waiting_and_sends_no_more_copies()
    {
        var (directory, region) = Directory();
        using var cancel = new CancellationTokenSource();
        var asking = directory.AskAsync(Query, cancel.Token);

        await region.ExpectMsgAsync(Query);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => asking);
        await region.ExpectNoMsgAsync(UserShardClient.SendAgainAfter[^1] + TimeSpan.FromMilliseconds(500));
    }

    private (UserShardClient Directory, Akka.TestKit.TestProbe Region) Directory()
    {
        var region = CreateTestProbe();
        ActorRegistry.For(Sys).Register<UserRegion>(region.Ref);
        var directory = new UserShardClient(Host.Services.GetRequiredService<IRequiredActor<UserRegion>>(), NullLogger<UserShardClient>.Instance);
        return (directory, region);
    }
}
