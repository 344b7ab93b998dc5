using AkkaOcr.Messages.Users;
using AkkaOcr.Nodes.Users;

namespace AkkaOcr.Tests.Users;

/// <summary>The OTP and registration rules, on the pure state with an explicit clock.</summary>
public sealed class UserStateTests
{
    private const string Email = "ada@example.org";
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly OtpCodes Codes = new("unit-test-data-key-0123456789abcdefghij"u8.ToArray());

    [Fact]
    public void Registering_twice_answers_email_taken_without_events()
    {
        var state = Registered();
        var decision = state.Register(new UserCommands.Register(Email, "Ada", "hash"), UserId.New(), T0);

        Assert.IsType<UserReplies.EmailTaken>(decision.Reply);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void Correct_code_verifies_once_and_cannot_be_used_again()
    {
        var (state, code) = WithOtp(Registered(), T0);

        var first = state.VerifyOtp(Codes.Hash(Email, code), T0.AddMinutes(1));
        Assert.IsType<UserReplies.OtpVerified>(first.Reply);
        state = Apply(state, first);
        Assert.True(state.IsVerified);

        var again = state.VerifyOtp(Codes.Hash(Email, code), T0.AddMinutes(2));
        Assert.IsType<UserReplies.OtpRejected>(again.Reply);
        Assert.Empty(again.Events);
    }

    [Fact]
    public void Code_expires_after_ten_minutes()
    {
        var (state, code) = WithOtp(Registered(), T0);

        Assert.IsType<UserReplies.OtpVerified>(state.VerifyOtp(Codes.Hash(Email, code), T0 + OtpPolicy.Validity - TimeSpan.FromSeconds(1)).Reply);
        Assert.IsType<UserReplies.OtpRejected>(state.VerifyOtp(Codes.Hash(Email, code), T0 + OtpPolicy.Validity).Reply);
    }

    [Fact]
    public void Five_wrong_tries_kill_the_code_even_for_the_right_one()
    {
        var (state, code) = WithOtp(Registered(), T0);
        var wrong = code == "000000" ? "000001" : "000000";
        for (var attempt = 0; attempt < OtpPolicy.MaxWrongAttempts; attempt++)
        {
            var decision = state.VerifyOtp(Codes.Hash(Email, wrong), T0.AddSeconds(attempt));
            Assert.IsType<UserEvents.OtpAttemptFailed>(Assert.Single(decision.Events));
            state = Apply(state, decision);
        }

        var right = state.VerifyOtp(Codes.Hash(Email, code), T0.AddMinutes(1));
        Assert.IsType<UserReplies.OtpRejected>(right.Reply);
        Assert.Empty(right.Events);
    }

    [Fact]
    public void Resend_waits_for_the_cooldown_and_is_capped_per_hour()
    {
        var state = Registered();
        var issued = 0;
        for (var second = 0; second < 3600; second += 10)
        {
            var decision = state.RequestOtp(T0.AddSeconds(second), Issue);
            Assert.IsType<UserReplies.OtpRequestAccepted>(decision.Reply);
            issued += decision.Events.Count;
            state = Apply(state, decision);
        }
        Assert.Equal(OtpPolicy.MaxIssuesPerHour, issued);

        var registered = Registered();
        var afterFirst = Apply(registered, registered.RequestOtp(T0, Issue));
        Assert.Empty(afterFirst.RequestOtp(T0 + OtpPolicy.ResendCooldown - TimeSpan.FromSeconds(1), Issue).Events);
        Assert.Single(afterFirst.RequestOtp(T0 + OtpPolicy.ResendCooldown, Issue).Events);
    }

    [Fact]
    public void Unknown_and_verified_addresses_get_the_same_answer_and_no_code()
    {
        var unknown = UserState.Unregistered(Email).RequestOtp(T0, Issue);
        var (withOtp, code) = WithOtp(Registered(), T0);
        var verified = Apply(withOtp, withOtp.VerifyOtp(Codes.Hash(Email, code), T0)).RequestOtp(T0.AddHours(2), Issue);

        Assert.Equal(unknown.Reply, verified.Reply);
        Assert.Empty(unknown.Events);
        Assert.Empty(verified.Events);
        Assert.IsType<UserReplies.OtpRejected>(UserState.Unregistered(Email).VerifyOtp(Codes.Hash(Email, "123456"), T0).Reply);
    }

    [Fact]
    public void Sealed_code_opens_only_for_its_own_address_and_snapshot_round_trips_state()
    {
        var (state, code) = WithOtp(Registered(), T0);
        var issued = Assert.IsType<UserEvents.OtpIssued>(Assert.Single(Registered().RequestOtp(T0, () => (Codes.Hash(Email, code), Codes.Seal(Email, code))).Events));

        Assert.Equal(code, Codes.Unseal(Email, issued.EncryptedCode));
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => Codes.Unseal("eve@example.org", issued.EncryptedCode));

        var restored = UserState.FromSnapshot(state.ToSnapshot());
        Assert.Equal(state.ToSnapshot().OtpHash, restored.ToSnapshot().OtpHash);
        Assert.Equal(state with { Otp = null, RecentOtpIssues = [] }, restored with { Otp = null, RecentOtpIssues = [] });
        Assert.Equal(state.RecentOtpIssues, restored.RecentOtpIssues);
    }

    [Fact]
    public void Only_a_verified_user_gets_an_ocr_mail_event_and_its_text_is_sealed()
    {
        var command = new UserCommands.RecordOcrResult(Email, "Dear Ada", 8, 91.5f);
        var unverified = Registered();
        Assert.IsType<UserReplies.UserNotFound>(unverified.RecordOcrResult(command, T0, text => Codes.Seal(Email, text)).Reply);

        var (state, code) = WithOtp(unverified, T0);
        state = Apply(state, state.VerifyOtp(Codes.Hash(Email, code), T0.AddMinutes(1)));
        var decision = state.RecordOcrResult(command, T0.AddMinutes(2), text => Codes.Seal(Email, text));

        Assert.IsType<UserReplies.OcrResultRecorded>(decision.Reply);
        var completed = Assert.IsType<UserEvents.OcrCompleted>(Assert.Single(decision.Events));
        Assert.Equal("Dear Ada", Codes.Unseal(Email, completed.EncryptedText));
        Assert.Equal((8, 91.5f, T0.AddMinutes(2)), (completed.FullTextLength, completed.MeanConfidence, completed.At));
        Assert.Equal(state, Apply(state, decision));
    }

    private static (byte[], byte[]) Issue() => (Codes.Hash(Email, "424242"), Codes.Seal(Email, "424242"));

    private static UserState Registered()
    {
        var state = UserState.Unregistered(Email);
        return Apply(state, state.Register(new UserCommands.Register(Email, "Ada", "hash"), UserId.New(), T0.AddDays(-1)));
    }

    private static (UserState State, string Code) WithOtp(UserState state, DateTimeOffset at)
    {
        var code = OtpCodes.NewCode();
        return (Apply(state, state.RequestOtp(at, () => (Codes.Hash(Email, code), Codes.Seal(Email, code)))), code);
    }

    private static UserState Apply(UserState state, UserDecision decision) => decision.Events.Aggregate(state, (s, e) => s.Apply(e));
}
