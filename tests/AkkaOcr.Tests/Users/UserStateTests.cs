using AkkaOcr.Messages.Users;
using AkkaOcr.Users;

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
        var decision = state.Register(new UserCommands.Register(Email, "Ada", "hash", Guid.NewGuid()), UserId.New(), T0);

        Assert.IsType<UserReplies.EmailTaken>(decision.Reply);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void Correct_code_verifies_once_and_cannot_be_used_again()
    {
        var (state, code) = WithOtp(Registered(), T0);

        var first = state.VerifyOtp(Guid.NewGuid(), Codes.Hash(Email, code), T0.AddMinutes(1));
        Assert.IsType<UserReplies.OtpVerified>(first.Reply);
        state = Apply(state, first);
        Assert.True(state.IsVerified);

        var again = state.VerifyOtp(Guid.NewGuid(), Codes.Hash(Email, code), T0.AddMinutes(2));
        Assert.IsType<UserReplies.OtpRejected>(again.Reply);
        Assert.Empty(again.Events);
    }

    [Fact]
    public void Code_expires_after_ten_minutes()
    {
        var (state, code) = WithOtp(Registered(), T0);

        Assert.IsType<UserReplies.OtpVerified>(state.VerifyOtp(Guid.NewGuid(), Codes.Hash(Email, code), T0 + OtpPolicy.Validity - TimeSpan.FromSeconds(1)).Reply);
        Assert.IsType<UserReplies.OtpRejected>(state.VerifyOtp(Guid.NewGuid(), Codes.Hash(Email, code), T0 + OtpPolicy.Validity).Reply);
    }

    [Fact]
    public void Five_wrong_tries_kill_the_code_even_for_the_right_one()
    {
        var (state, code) = WithOtp(Registered(), T0);
        var wrong = code == "000000" ? "000001" : "000000";
        for (var attempt = 0; attempt < OtpPolicy.MaxWrongAttempts; attempt++)
        {
            var decision = state.VerifyOtp(Guid.NewGuid(), Codes.Hash(Email, wrong), T0.AddSeconds(attempt));
            Assert.IsType<UserEvents.OtpAttemptFailed>(Assert.Single(decision.Events));
            state = Apply(state, decision);
        }

        var right = state.VerifyOtp(Guid.NewGuid(), Codes.Hash(Email, code), T0.AddMinutes(1));
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
        var verified = Apply(withOtp, withOtp.VerifyOtp(Guid.NewGuid(), Codes.Hash(Email, code), T0)).RequestOtp(T0.AddHours(2), Issue);

        Assert.Equal(unknown.Reply, verified.Reply);
        Assert.Empty(unknown.Events);
        Assert.Empty(verified.Events);
        Assert.IsType<UserReplies.OtpRejected>(UserState.Unregistered(Email).VerifyOtp(Guid.NewGuid(), Codes.Hash(Email, "123456"), T0).Reply);
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
        Assert.Equal(state with { Otp = null, RecentOtpIssues = [], HandledRequests = [] },
            restored with { Otp = null, RecentOtpIssues = [], HandledRequests = [] });
        Assert.Equal(state.RecentOtpIssues, restored.RecentOtpIssues);
        Assert.Equal(state.HandledRequests, restored.HandledRequests);
    }

    [Fact]
    public void Only_a_verified_user_gets_an_ocr_mail_event_and_its_text_is_sealed()
    {
        var command = new UserCommands.RecordOcrResult(Email, "Dear Ada", 8, 91.5f, Guid.NewGuid());
        var unverified = Registered();
        Assert.IsType<UserReplies.UserNotFound>(unverified.RecordOcrResult(command, T0, text => Codes.Seal(Email, text)).Reply);

        var (state, code) = WithOtp(unverified, T0);
        state = Apply(state, state.VerifyOtp(Guid.NewGuid(), Codes.Hash(Email, code), T0.AddMinutes(1)));
        var decision = state.RecordOcrResult(command, T0.AddMinutes(2), text => Codes.Seal(Email, text));

        Assert.IsType<UserReplies.OcrResultRecorded>(decision.Reply);
        var completed = Assert.IsType<UserEvents.OcrCompleted>(Assert.Single(decision.Events));
        Assert.Equal("Dear Ada", Codes.Unseal(Email, completed.EncryptedText));
        Assert.Equal((8, 91.5f, T0.AddMinutes(2)), (completed.FullTextLength, completed.MeanConfidence, completed.At));
        // The event changes nothing but the requests remembered for answering copies.
        Assert.Equal(state, Apply(state, decision) with { HandledRequests = state.HandledRequests });
    }

    [Fact]
    public void A_copy_of_a_registration_gets_the_first_answer_and_writes_nothing()
    {
        var state = UserState.Unregistered(Email);
        var command = new UserCommands.Register(Email, "Ada", "hash", Guid.NewGuid());
        var first = state.Register(command, UserId.New(), T0);
        state = Apply(state, first);

        var copy = state.Register(command, UserId.New(), T0.AddSeconds(1));
        Assert.Equal(first.Reply, copy.Reply);
        Assert.Empty(copy.Events);
        // Another request for the same address is a second registration, not a copy.
        Assert.IsType<UserReplies.EmailTaken>(state.Register(command with { RequestId = Guid.NewGuid() }, UserId.New(), T0).Reply);
    }

    [Fact]
    public void A_copy_of_a_verification_gets_the_first_answer_and_a_copy_of_a_wrong_try_counts_once()
    {
        var (state, code) = WithOtp(Registered(), T0);
        var wrong = code == "000000" ? "000001" : "000000";
        var wrongTry = Guid.NewGuid();
        state = Apply(state, state.VerifyOtp(wrongTry, Codes.Hash(Email, wrong), T0));
        var wrongCopy = state.VerifyOtp(wrongTry, Codes.Hash(Email, wrong), T0);
        Assert.IsType<UserReplies.OtpRejected>(wrongCopy.Reply);
        Assert.Empty(wrongCopy.Events);
        Assert.Equal(1, state.Otp!.WrongAttempts);

        var rightTry = Guid.NewGuid();
        state = Apply(state, state.VerifyOtp(rightTry, Codes.Hash(Email, code), T0.AddSeconds(1)));
        var rightCopy = state.VerifyOtp(rightTry, Codes.Hash(Email, code), T0.AddSeconds(2));
        Assert.IsType<UserReplies.OtpVerified>(rightCopy.Reply);
        Assert.Empty(rightCopy.Events);
        // Without the request id the used code is refused, as before.
        Assert.IsType<UserReplies.OtpRejected>(state.VerifyOtp(Guid.NewGuid(), Codes.Hash(Email, code), T0.AddSeconds(2)).Reply);
    }

    [Fact]
    public void A_copy_of_an_ocr_result_writes_no_second_mail_event()
    {
        var (state, code) = WithOtp(Registered(), T0);
        state = Apply(state, state.VerifyOtp(Guid.NewGuid(), Codes.Hash(Email, code), T0));
        var command = new UserCommands.RecordOcrResult(Email, "Dear Ada", 8, 91.5f, Guid.NewGuid());
        state = Apply(state, state.RecordOcrResult(command, T0, text => Codes.Seal(Email, text)));

        var copy = state.RecordOcrResult(command, T0, text => Codes.Seal(Email, text));
        Assert.IsType<UserReplies.OcrResultRecorded>(copy.Reply);
        Assert.Empty(copy.Events);
    }

    [Fact]
    public void Handled_requests_survive_a_snapshot_and_only_the_latest_are_kept()
    {
        var (state, code) = WithOtp(Registered(), T0);
        state = Apply(state, state.VerifyOtp(Guid.NewGuid(), Codes.Hash(Email, code), T0));
        var commands = Enumerable.Range(0, UserState.RememberedRequests + 1)
            .Select(i => new UserCommands.RecordOcrResult(Email, $"page {i}", 6, 90f, Guid.NewGuid())).ToList();
        state = commands.Aggregate(state, (s, command) => Apply(s, s.RecordOcrResult(command, T0, text => Codes.Seal(Email, text))));

        var restored = UserState.FromSnapshot(state.ToSnapshot());
        Assert.Equal(state.HandledRequests, restored.HandledRequests);
        Assert.Equal(UserState.RememberedRequests, restored.HandledRequests.Count);
        Assert.Empty(restored.RecordOcrResult(commands[^1], T0, text => Codes.Seal(Email, text)).Events);
        // The oldest fell out: long after the gateway stopped sending copies of it.
        Assert.Single(restored.RecordOcrResult(commands[0], T0, text => Codes.Seal(Email, text)).Events);
    }

    [Fact]
    public void Commands_without_a_request_id_from_an_older_gateway_are_applied_and_never_taken_for_copies()
    {
        var (state, code) = WithOtp(Registered(), T0);
        var wrong = code == "000000" ? "000001" : "000000";
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var decision = state.VerifyOtp(Guid.Empty, Codes.Hash(Email, wrong), T0);
            Assert.IsType<UserEvents.OtpAttemptFailed>(Assert.Single(decision.Events));
            state = Apply(state, decision);
            Assert.Equal(attempt, state.Otp!.WrongAttempts);
        }
        Assert.DoesNotContain(state.HandledRequests, handled => handled.RequestId == Guid.Empty);
    }

    [Fact]
    public void Events_written_before_request_ids_existed_apply_as_before()
    {
        var state = UserState.Unregistered(Email)
            .Apply(new UserEvents.UserRegistered(UserId.New(), Email, "Ada", "hash", T0))
            .Apply(new UserEvents.EmailVerified(T0));

        Assert.True(state is { IsRegistered: true, IsVerified: true });
        Assert.Empty(state.HandledRequests);
    }

    private static (byte[], byte[]) Issue() => (Codes.Hash(Email, "424242"), Codes.Seal(Email, "424242"));

    private static UserState Registered()
    {
        var state = UserState.Unregistered(Email);
        return Apply(state, state.Register(new UserCommands.Register(Email, "Ada", "hash", Guid.NewGuid()), UserId.New(), T0.AddDays(-1)));
    }

    private static (UserState State, string Code) WithOtp(UserState state, DateTimeOffset at)
    {
        var code = OtpCodes.NewCode();
        return (Apply(state, state.RequestOtp(at, () => (Codes.Hash(Email, code), Codes.Seal(Email, code)))), code);
    }

    private static UserState Apply(UserState state, UserDecision decision) => decision.Events.Aggregate(state, (s, e) => s.Apply(e));
}
