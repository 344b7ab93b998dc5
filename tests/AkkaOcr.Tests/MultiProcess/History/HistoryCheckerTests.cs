using AkkaOcr.LoadDriver;
using AkkaOcr.Mail;
using AkkaOcr.Users;

namespace AkkaOcr.Tests.MultiProcess.History;

/// <summary>
/// The checker on histories made by hand: a clean one passes, and each broken property (a lost write, a
/// duplicate, a gap, a refused write that happened, a mail lost or made up) is found and named.
/// </summary>
public sealed class HistoryCheckerTests
{
    private const string Ada = "ada@example.org";
    private const string Bob = "bob@example.org";

    private static readonly string AdaId = UserActor.PersistenceIdFor(Ada);
    private static readonly string BobId = UserActor.PersistenceIdFor(Bob);

    private long _requestId;

    [Fact]
    public void A_history_whose_every_acknowledged_write_is_in_the_journal_and_mailed_is_clean()
    {
        var report = HistoryChecker.Check(
            [Operation(AuthClient.Register, Ada, 201), Operation(AuthClient.GenerateOtp, Ada, 202), Operation(AuthClient.VerifyOtp, Ada, 200)],
            [Event(AdaId, 1, WriteEffects.Registered), Event(AdaId, 2, WriteEffects.OtpIssued), Event(AdaId, 3, WriteEffects.EmailVerified)],
            [MessageIdOf(AdaId, 2)]);

        Assert.True(report.IsClean, report.Summary("clean"));
        Assert.Equal(3, report.Operations);
        Assert.Equal(2, report.Acknowledged);
        Assert.Equal(1, report.MailEvents);
    }

    [Fact]
    public void A_registration_answered_201_without_its_event_is_lost()
    {
        var report = HistoryChecker.Check([Operation(AuthClient.Register, Ada, 201), Operation(AuthClient.Register, Bob, 201)],
            [Event(BobId, 1, WriteEffects.Registered)], []);

        var lost = Assert.Single(report.Lost);
        Assert.Contains(Ada, lost);
        Assert.False(report.IsClean);
    }

    [Fact]
    public void A_verification_answered_200_without_its_event_is_lost()
    {
        var report = HistoryChecker.Check([Operation(AuthClient.Register, Ada, 201), Operation(AuthClient.VerifyOtp, Ada, 200)],
            [Event(AdaId, 1, WriteEffects.Registered)], []);

        Assert.Contains(WriteEffects.EmailVerified, Assert.Single(report.Lost));
    }

    [Fact]
    public void An_address_registered_twice_is_a_duplicate()
    {
        var report = HistoryChecker.Check([Operation(AuthClient.Register, Ada, 201)],
            [Event(AdaId, 1, WriteEffects.Registered), Event(AdaId, 2, WriteEffects.Registered)], []);

        Assert.Contains("registered 2 times", Assert.Single(report.Duplicated));
    }

    [Fact]
    public void A_sequence_number_written_twice_is_a_duplicate()
    {
        var report = HistoryChecker.Check([],
            [Event(AdaId, 1, WriteEffects.Registered), Event(AdaId, 2, WriteEffects.EmailVerified), Event(AdaId, 2, WriteEffects.EmailVerified)],
            []);

        Assert.Contains("sequence number 2 written 2 times", Assert.Single(report.Duplicated));
        Assert.Empty(report.Gaps);
    }

    [Fact]
    public void A_missing_sequence_number_is_a_gap_also_at_the_start()
    {
        var report = HistoryChecker.Check([],
            [Event(AdaId, 1, WriteEffects.Registered), Event(AdaId, 3, WriteEffects.EmailVerified), Event(BobId, 2, WriteEffects.Registered)], []);

        Assert.Equal(2, report.Gaps.Count);
        Assert.Contains(report.Gaps, gap => gap.Contains(AdaId) && gap.Contains("3 where 2"));
        Assert.Contains(report.Gaps, gap => gap.Contains(BobId) && gap.Contains("2 where 1"));
    }

    [Fact]
    public void A_write_every_attempt_of_which_was_refused_must_not_be_in_the_journal()
    {
        var report = HistoryChecker.Check([Operation(AuthClient.Register, Ada, 409)], [Event(AdaId, 1, WriteEffects.Registered)], []);

        Assert.Contains(AdaId, Assert.Single(report.RefusedButWritten));
    }

    [Fact]
    public void A_409_after_a_registration_whose_answer_was_lost_is_no_violation_and_the_first_attempt_is_ambiguous_and_present()
    {
        var report = HistoryChecker.Check(
            [Operation(AuthClient.Register, Ada, 503), Operation(AuthClient.Register, Ada, 409), Operation(AuthClient.Register, Bob, null)],
            [Event(AdaId, 1, WriteEffects.Registered)], []);

        Assert.True(report.IsClean, report.Summary("ambiguous"));
        Assert.Equal(2, report.Ambiguous.Count);
        Assert.Contains(report.Ambiguous, entry => entry.Operation.Key == Ada && entry.Present);
        Assert.Contains(report.Ambiguous, entry => entry.Operation.Key == Bob && !entry.Present);
    }

    [Fact]
    public void An_issued_code_never_mailed_and_a_mail_naming_no_event_are_both_found()
    {
        var report = HistoryChecker.Check([],
            [Event(AdaId, 1, WriteEffects.Registered), Event(AdaId, 2, WriteEffects.OtpIssued), Event(BobId, 1, WriteEffects.Registered)],
            [MessageIdOf(BobId, 2)]);

        Assert.Contains(AdaId, Assert.Single(report.NeverMailed));
        Assert.Equal(MessageIdOf(BobId, 2), Assert.Single(report.MailWithoutEvent));
    }

    [Fact]
    public void A_mail_delivered_twice_under_one_message_id_is_counted_as_a_copy_not_a_violation()
    {
        var report = HistoryChecker.Check([],
            [Event(AdaId, 1, WriteEffects.Registered), Event(AdaId, 2, WriteEffects.OtpIssued)],
            [MessageIdOf(AdaId, 2), $"<{MessageIdOf(AdaId, 2)}>"]);

        Assert.True(report.IsClean, report.Summary("copies"));
        Assert.Equal(1, report.MailCopies);
    }

    [Fact]
    public void A_job_accepted_with_202_must_have_its_submission_in_the_journal()
    {
        var jobId = Guid.NewGuid().ToString();
        var report = HistoryChecker.Check([Operation(WriteEffects.JobSubmission, jobId, 202)], [], []);

        Assert.Contains(jobId, Assert.Single(report.Lost));
    }

    [Fact]
    public void The_summary_names_each_count_and_each_violation()
    {
        var report = HistoryChecker.Check([Operation(AuthClient.Register, Ada, 201), Operation(AuthClient.Register, Bob, 503)], [], []);

        var summary = report.Summary("run");
        Assert.Contains("2 operations, 1 acknowledged writes, 1 lost", summary);
        Assert.Contains("1 ambiguous (0 present, 1 absent)", summary);
        Assert.Contains($"lost: #1 {AuthClient.Register} {Ada}", summary);
    }

    private HistoryOperation Operation(string kind, string key, int? status)
    {
        var expected = kind switch
        {
            AuthClient.Register => 201,
            AuthClient.VerifyOtp => 200,
            _ => 202,
        };
        var startedAt = DateTimeOffset.UtcNow;
        var record = new RequestRecord(++_requestId, kind, key, startedAt, TimeSpan.FromMilliseconds(20), status, status == expected,
            status is null ? "no answer within 20 s" : null);
        return HistoryOperation.From(record);
    }

    private static JournalEvent Event(string persistenceId, long sequenceNr, string manifest) => new(persistenceId, sequenceNr, manifest);

    private static string MessageIdOf(string persistenceId, long sequenceNr) =>
        MailRenderer.MessageIdFor(MailOutboxMessages.EventId(persistenceId, sequenceNr));
}
