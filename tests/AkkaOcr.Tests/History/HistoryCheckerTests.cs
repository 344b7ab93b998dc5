using AkkaOcr.LoadDriver;
using AkkaOcr.Mail;
using AkkaOcr.Messages.Users;
using AkkaOcr.Users;

namespace AkkaOcr.Tests.History;

/// <summary>The checker on histories made by hand: it must find each kind of broken guarantee, and pass a clean run.</summary>
public sealed class HistoryCheckerTests
{
    private const string Ann = "ann@example.test";
    private const string Bob = "bob@example.test";
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private long _sequence;

    [Fact]
    public void A_clean_run_passes_and_counts_its_operations()
    {
        var journal = Journal(Registered(Ann, 1), Code(Ann, 2), Verified(Ann, 3));
        var report = HistoryChecker.Check("clean", [Op(AuthClient.Register, Ann, 201), Op(AuthClient.GenerateOtp, Ann, 202), Op(AuthClient.VerifyOtp, Ann, 200)],
            journal, [MessageIdOf(Ann, 2)]);

        Assert.True(report.IsClean, report.Summary());
        Assert.Equal((3, 3, 0, 1, 1), (report.Operations, report.Acknowledged, report.Lost, report.CodesIssued, report.MailsReceived));
    }

    [Fact]
    public void An_acknowledged_registration_missing_from_the_journal_is_lost()
    {
        var report = HistoryChecker.Check("lost", [Op(AuthClient.Register, Ann, 201), Op(AuthClient.Register, Bob, 201)], Journal(Registered(Ann, 1)), []);

        Assert.Equal(1, report.Lost);
        Assert.Contains(report.Violations, violation => violation.Contains(Bob) && violation.Contains("not in the journal"));
    }

    [Fact]
    public void An_acknowledged_verification_missing_from_the_journal_is_lost()
    {
        var report = HistoryChecker.Check("lost", [Op(AuthClient.VerifyOtp, Ann, 200)], Journal(Registered(Ann, 1)), []);

        Assert.Equal(1, report.Lost);
    }

    [Fact]
    public void An_address_registered_twice_is_a_duplicate()
    {
        var report = HistoryChecker.Check("twice", [Op(AuthClient.Register, Ann, 201)], Journal(Registered(Ann, 1), Registered(Ann, 2)), []);

        Assert.Equal(1, report.DuplicatedRegistrations);
        Assert.Contains(report.Violations, violation => violation.Contains("registered 2 times"));
    }

    [Fact]
    public void A_gap_in_an_entitys_sequence_numbers_is_found()
    {
        var report = HistoryChecker.Check("gap", [Op(AuthClient.Register, Ann, 201)], Journal(Registered(Ann, 1), Verified(Ann, 3)), []);

        Assert.Contains(report.Violations, violation => violation.Contains("1,3"));
    }

    [Fact]
    public void A_code_that_never_reached_SMTP_and_a_mail_with_no_event_are_both_found()
    {
        var report = HistoryChecker.Check("mail", [Op(AuthClient.Register, Ann, 201)], Journal(Registered(Ann, 1), Code(Ann, 2)), ["<stray@akkaocr>"]);

        Assert.Contains(report.Violations, violation => violation.Contains("never reached SMTP"));
        Assert.Contains(report.Violations, violation => violation.Contains("no event behind it"));
    }

    [Fact]
    public void Copies_of_one_mail_are_counted_as_duplicates_not_failed()
    {
        var id = MessageIdOf(Ann, 2);
        var report = HistoryChecker.Check("copies", [Op(AuthClient.Register, Ann, 201)], Journal(Registered(Ann, 1), Code(Ann, 2)), [id, $"<{id}>"]);

        Assert.True(report.IsClean, report.Summary());
        Assert.Equal(1, report.DuplicatedMails);
    }

    [Fact]
    public void A_refused_verification_whose_effect_is_present_is_found_unless_another_attempt_may_have_done_it()
    {
        var journal = Journal(Registered(Ann, 1), Code(Ann, 2), Verified(Ann, 3));
        var refusedOnly = HistoryChecker.Check("refused", [Op(AuthClient.VerifyOtp, Ann, 400)], journal, [MessageIdOf(Ann, 2)]);
        var afterAmbiguous = HistoryChecker.Check("ambiguous", [Op(AuthClient.VerifyOtp, Ann, null), Op(AuthClient.VerifyOtp, Ann, 400)], journal,
            [MessageIdOf(Ann, 2)]);

        Assert.Contains(refusedOnly.Violations, violation => violation.Contains("refused, yet in the journal"));
        Assert.True(afterAmbiguous.IsClean, afterAmbiguous.Summary());
        Assert.Equal((1, 1, 0), (afterAmbiguous.Ambiguous, afterAmbiguous.AmbiguousPresent, afterAmbiguous.AmbiguousAbsent));
    }

    [Fact]
    public void An_ambiguous_registration_done_again_by_an_acknowledged_retry_is_counted_as_such_not_as_taking_effect()
    {
        var report = HistoryChecker.Check("retried", [Op(AuthClient.Register, Ann, 503), Op(AuthClient.Register, Ann, 201)], Journal(Registered(Ann, 1)), []);

        Assert.True(report.IsClean, report.Summary());
        Assert.Equal((1, 0, 0, 1), (report.Ambiguous, report.AmbiguousPresent, report.AmbiguousAbsent, report.AmbiguousRetried));
    }

    [Fact]
    public void A_conflict_on_registration_must_name_an_account_that_exists()
    {
        var report = HistoryChecker.Check("conflict", [Op(AuthClient.Register, Ann, 409)], Journal(), []);

        Assert.Contains(report.Violations, violation => violation.Contains("not in the journal"));
    }

    private RequestRecord Op(string operation, string account, int? status) =>
        new(++_sequence, operation, account, Start.AddSeconds(_sequence), TimeSpan.FromMilliseconds(10), status,
            status is 200 or 201 or 202, null);

    private static JournalSnapshot Journal(params JournalEvent[] events) => new(events);

    private static JournalEvent Registered(string email, long sequenceNr) =>
        new(UserActor.PersistenceIdFor(email), sequenceNr, new UserEvents.UserRegistered(default, email, "name", "hash", Start), false);

    private static JournalEvent Code(string email, long sequenceNr) =>
        new(UserActor.PersistenceIdFor(email), sequenceNr, new UserEvents.OtpIssued([1], [2], Start, Start.AddMinutes(10)), true);

    private static JournalEvent Verified(string email, long sequenceNr) =>
        new(UserActor.PersistenceIdFor(email), sequenceNr, new UserEvents.EmailVerified(Start), false);

    private static string MessageIdOf(string email, long sequenceNr) =>
        MailRenderer.MessageIdFor(MailOutboxMessages.EventId(UserActor.PersistenceIdFor(email), sequenceNr));
}
