using AkkaOcr.Messages.Users;
using AkkaOcr.Users;

namespace AkkaOcr.Tests.Users;

/// <summary>The per-account login throttle and the rehash of a password, on the pure state with an explicit clock.</summary>
public sealed class LoginAttemptsTests
{
    private const string Email = "ada@example.org";
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_free_attempts_go_through_then_each_failure_doubles_the_wait_up_to_the_cap()
    {
        var attempts = LoginAttempts.None;
        var now = T0;
        for (var i = 0; i < LoginPolicy.FreeAttempts; i++)
        {
            Assert.Equal(TimeSpan.Zero, attempts.WaitAt(now));
            attempts = LetThrough(attempts, now);
        }

        var expected = LoginPolicy.FirstDelay;
        var waits = new List<TimeSpan>();
        for (var i = 0; i < 14; i++)
        {
            var (letThrough, wait, unchanged) = attempts.Begin(Guid.NewGuid(), now);
            Assert.False(letThrough);
            Assert.Same(attempts, unchanged);
            Assert.Equal(expected, wait);
            waits.Add(wait);

            now += wait;
            attempts = LetThrough(attempts, now);
            expected = expected * 2 < LoginPolicy.MaxDelay ? expected * 2 : LoginPolicy.MaxDelay;
        }
        Assert.Equal(LoginPolicy.MaxDelay, waits[^1]);
        Assert.Equal(TimeSpan.FromSeconds(2), waits[0]);
        Assert.Equal(TimeSpan.FromSeconds(4), waits[1]);
    }

    [Fact]
    public void A_refused_attempt_does_not_lengthen_the_wait()
    {
        var attempts = Failed(LoginPolicy.FreeAttempts, T0);

        var (_, first, _) = attempts.Begin(Guid.NewGuid(), T0.AddSeconds(1));
        var (_, second, _) = attempts.Begin(Guid.NewGuid(), T0.AddSeconds(1.5));

        Assert.Equal(TimeSpan.FromSeconds(1), first);
        Assert.Equal(TimeSpan.FromSeconds(0.5), second);
    }

    [Fact]
    public void A_success_forgets_every_failure()
    {
        Assert.Equal(TimeSpan.Zero, LoginAttempts.Succeeded().WaitAt(T0));
        Assert.True(Failed(LoginPolicy.FreeAttempts + 3, T0).WaitAt(T0) > TimeSpan.Zero);
    }

    [Fact]
    public void Failures_are_forgotten_a_day_after_the_latest()
    {
        var attempts = Failed(LoginPolicy.FreeAttempts + 10, T0);
        var later = T0 + LoginPolicy.ForgetAfter;

        Assert.Equal(TimeSpan.Zero, attempts.WaitAt(later));
        var (letThrough, _, next) = attempts.Begin(Guid.NewGuid(), later);
        Assert.True(letThrough);
        Assert.Equal(1, next.Failures);
    }

    [Fact]
    public void A_copy_of_the_same_attempt_is_counted_once()
    {
        var request = Guid.NewGuid();
        var (_, _, once) = LoginAttempts.None.Begin(request, T0);
        var (letThrough, _, copy) = once.Begin(request, T0.AddSeconds(1));

        Assert.True(letThrough);
        Assert.Equal(1, copy.Failures);
    }

    [Fact]
    public void A_rehash_replaces_the_stored_hash_once_and_a_copy_gets_the_same_answer()
    {
        var state = UserState.Unregistered(Email);
        state = state.Apply(new UserEvents.UserRegistered(UserId.New(), Email, "Ada", "old-hash", T0));
        var command = new UserCommands.LoginSucceeded(Email, "new-hash", Guid.NewGuid());

        var decision = state.RehashPassword(command, T0);
        var rehashed = Assert.IsType<UserEvents.PasswordRehashed>(Assert.Single(decision.Events));
        state = state.Apply(rehashed);
        Assert.Equal("new-hash", state.PasswordHash);

        var copy = state.RehashPassword(command, T0.AddSeconds(1));
        Assert.IsType<UserReplies.LoginRecorded>(copy.Reply);
        Assert.Empty(copy.Events);
        Assert.Empty(state.RehashPassword(command with { RehashedPassword = null, RequestId = Guid.NewGuid() }, T0).Events);
        Assert.Empty(UserState.Unregistered(Email).RehashPassword(command, T0).Events);
    }

    private static LoginAttempts LetThrough(LoginAttempts attempts, DateTimeOffset now)
    {
        var (letThrough, _, next) = attempts.Begin(Guid.NewGuid(), now);
        Assert.True(letThrough);
        return next;
    }

    private static LoginAttempts Failed(int failures, DateTimeOffset at) => new(failures, at, Guid.NewGuid());
}
