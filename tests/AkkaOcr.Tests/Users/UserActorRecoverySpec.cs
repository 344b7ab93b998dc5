using Akka.Actor;
using Akka.Hosting;
using AkkaOcr.Messages.Serialization;
using AkkaOcr.Messages.Users;
using AkkaOcr.ServiceDefaults.Cluster;
using AkkaOcr.Tests.Infrastructure;
using AkkaOcr.Users;
using AkkaOcr.Users.Persistence;
using Npgsql;

namespace AkkaOcr.Tests.Users;

/// <summary>A user entity stopped and started again recovers from the Postgres journal, with and without a snapshot.</summary>
public sealed class UserActorRecoverySpec : Akka.Hosting.TestKit.TestKit
{
    private const string Email = "grace@example.org";

    /// <summary>The first write creates the journal tables; on a busy machine that outlasts TestKit's 3 s default.</summary>
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(20);
    private static readonly OtpCodes Codes = new("recovery-test-data-key-0123456789abcdefgh"u8.ToArray());
    // The database lives as long as the throwaway Postgres instance of ./test.sh.
    private readonly TestDatabase _database = TestDatabase.Reserve();
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    public UserActorRecoverySpec(ITestOutputHelper output) : base(output: output) => _database.CreateAsync().GetAwaiter().GetResult();

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) =>
        builder.AddAkkaOcrSerialization().AddAkkaOcrPersistence(_database.ConnectionString);

    [Fact]
    public async Task Registration_and_pending_code_survive_a_restart_and_verification_survives_another()
    {
        var user = Start();
        Assert.IsType<UserReplies.Registered>(await user.Ask<object>(new UserCommands.Register(Email, "Grace", "hash", Guid.NewGuid()), AskTimeout));
        await user.Ask<object>(new UserCommands.RequestOtp(Email), AskTimeout);
        var code = await LatestCodeAsync();

        user = await RestartAsync(user);
        Assert.IsType<UserReplies.OtpVerified>(await user.Ask<object>(new UserCommands.VerifyOtp(Email, code, Guid.NewGuid()), AskTimeout));

        user = await RestartAsync(user);
        var profile = Assert.IsType<UserReplies.Profile>(await user.Ask<object>(new UserQueries.GetProfile(Email), AskTimeout));
        Assert.True(profile.IsVerified);
        Assert.Equal("Grace", profile.Name);
    }

    [Fact]
    public async Task A_snapshot_plus_later_events_recover_the_same_state()
    {
        var user = Start();
        await user.Ask<object>(new UserCommands.Register(Email, "Grace", "hash", Guid.NewGuid()), AskTimeout);
        // Each round: a new code (an hour later, past cooldown and cap), then five wrong tries. Six events a round.
        for (var round = 0; round < 9; round++)
        {
            _clock.Advance(TimeSpan.FromHours(1));
            await user.Ask<object>(new UserCommands.RequestOtp(Email), AskTimeout);
            for (var attempt = 0; attempt < OtpPolicy.MaxWrongAttempts; attempt++)
                await user.Ask<object>(new UserCommands.VerifyOtp(Email, "999999", Guid.NewGuid()), AskTimeout);
        }
        _clock.Advance(TimeSpan.FromHours(1));
        await user.Ask<object>(new UserCommands.RequestOtp(Email), AskTimeout);
        var code = await LatestCodeAsync();
        await AwaitAssertAsync(async () => Assert.True(await SnapshotCountAsync() > 0), TimeSpan.FromSeconds(10));

        user = await RestartAsync(user);
        Assert.IsType<UserReplies.OtpVerified>(await user.Ask<object>(new UserCommands.VerifyOtp(Email, code, Guid.NewGuid()), AskTimeout));
    }

    [Fact]
    public async Task Copies_of_commands_are_answered_as_the_first_and_written_once_also_after_the_entity_moved()
    {
        var user = Start();
        var register = new UserCommands.Register(Email, "Grace", "hash", Guid.NewGuid());
        var registered = Assert.IsType<UserReplies.Registered>(await user.Ask<object>(register, AskTimeout));
        await user.Ask<object>(new UserCommands.RequestOtp(Email), AskTimeout);
        var verify = new UserCommands.VerifyOtp(Email, await LatestCodeAsync(), Guid.NewGuid());
        Assert.IsType<UserReplies.OtpVerified>(await user.Ask<object>(verify, AskTimeout));

        // As after a hand-off: the copies reach an entity recovered from the journal.
        user = await RestartAsync(user);
        Assert.Equal(registered, await user.Ask<object>(register, AskTimeout));
        Assert.IsType<UserReplies.OtpVerified>(await user.Ask<object>(verify, AskTimeout));

        // OCR results are written without blocking: copies right behind the first arrive while it is written.
        var result = new UserCommands.RecordOcrResult(Email, "text", 4, 90f, Guid.NewGuid());
        var replies = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => user.Ask<object>(result, AskTimeout)));
        Assert.All(replies, reply => Assert.IsType<UserReplies.OcrResultRecorded>(reply));

        // Registered, code issued, verified, one OCR result.
        Assert.Equal(4, await EventCountAsync());
    }

    [Fact]
    public async Task An_entity_whose_journal_holds_an_event_it_cannot_read_refuses_to_start_instead_of_skipping_it()
    {
        var user = Start();
        Assert.IsType<UserReplies.Registered>(await user.Ask<object>(new UserCommands.Register(Email, "Grace", "hash", Guid.NewGuid()), AskTimeout));
        Watch(user);
        Sys.Stop(user);
        ExpectTerminated(user);
        // Written by a newer version: had it been skipped, the code it issued would be lost without a word.
        await new JournalRows(_database.ConnectionString).AppendMailEventAsync(
            UserActor.PersistenceIdFor(Email), 2, "user.evt.otp-issued.v9", AkkaOcrSerializer.SerializerId, [0x80]);

        var restarted = Start();
        Watch(restarted);

        ExpectTerminated(restarted, AskTimeout);
    }

    private IActorRef Start() => Sys.ActorOf(UserActor.Props(Email, Codes, _clock));

    private async Task<IActorRef> RestartAsync(IActorRef user)
    {
        Watch(user);
        user.Tell(PoisonPill.Instance);
        await ExpectTerminatedAsync(user);
        return Start();
    }

    private Task<string> LatestCodeAsync() => MailEventReader.LatestCodeAsync(Sys, Codes, Email);

    private Task<long> SnapshotCountAsync() => CountAsync("SELECT count(*) FROM snapshot");

    private Task<long> EventCountAsync() => CountAsync("SELECT count(*) FROM journal WHERE NOT deleted");

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
