using System.Text;
using System.Text.Json;
using Akka.Persistence.Query;
using AkkaOcr.Mail;
using AkkaOcr.Messages.Jobs;
using AkkaOcr.Messages.Serialization;
using AkkaOcr.Messages.Users;
using AkkaOcr.Users;

namespace AkkaOcr.Tests.Mail;

/// <summary>What the outbox publishes for each event tagged <c>mail</c>: its mail, or the event set aside with its reason.</summary>
public sealed class MailOutboxMessagesTests
{
    private const string Email = "ada@example.org";
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 30, 0, TimeSpan.Zero);
    private static readonly OtpCodes Codes = new("unit-test-data-key-0123456789abcdefghij"u8.ToArray());
    private static readonly MailOutboxMessages Messages = new(new MailComposer(Codes));

    [Fact]
    public void A_code_becomes_its_mail_on_the_notification_queue_with_the_events_id()
    {
        var message = Messages.For(Envelope(new UserEvents.OtpIssued([1], Codes.Seal(Email, "042917"), At, At.AddMinutes(10)), ordering: 41));

        Assert.Equal(MailQueues.Notifications, message.RoutingKey);
        Assert.Equal($"user-{Email}:3", message.Properties.MessageId);
        Assert.Equal("otp", message.Properties.Type);
        Assert.Contains("042917", Encoding.UTF8.GetString(message.Body.Span));
        Assert.Equal(new MailOutboxPosition(41, $"user-{Email}:3", null), message.Context);
    }

    [Fact]
    public void A_finished_document_job_mails_its_owner_the_page_count_and_where_to_fetch_the_result()
    {
        var jobId = DocumentJobId.New();
        var message = Messages.For(new EventEnvelope(Offset.Sequence(12), $"ocr-job-{jobId}", 20,
            new JobEvents.JobSucceeded(jobId, Email, 12, 93.4f, At), At.UtcTicks, [UserActor.MailTag]));

        Assert.Equal($"ocr-job-{jobId}:20", message.Properties.MessageId);
        Assert.Equal("job", message.Properties.Type);
        var mail = MailNotification.TryParse(message.Body.Span)!;
        Assert.Equal(Email, mail.Email);
        Assert.Contains("12 pages", mail.Subject);
        Assert.Contains($"/ocr/jobs/{jobId}/result?format=pdf", mail.Body);
    }

    [Fact]
    public void A_blank_page_becomes_a_mail_that_says_no_text_was_found()
    {
        var message = Messages.For(Envelope(new UserEvents.OcrCompleted(Codes.Seal(Email, ""), 0, 0, At)));

        Assert.Equal(MailQueues.Notifications, message.RoutingKey);
        var mail = MailNotification.TryParse(message.Body.Span)!;
        Assert.Contains("No text was found in the image.", mail.Body);
    }

    public static TheoryData<string, object, string> Unmailable() => new()
    {
        { "a seal under another key", new UserEvents.OtpIssued([1], new OtpCodes("another-data-key-0123456789abcdefghijklm"u8.ToArray()).Seal(Email, "042917"), At, At), UnmailableEvent.Unsealable },
        { "a truncated seal", new UserEvents.OtpIssued([1], new byte[10], At, At), UnmailableEvent.Unsealable },
        { "an event that carries no mail", new UserEvents.EmailVerified(At), UnmailableEvent.Uncomposable },
        { "an event of an unknown version", new UnreadableEvent("user.evt.otp-issued.v9", "no event of this manifest is known to this version"), UnmailableEvent.Unreadable },
    };

    [Theory]
    [MemberData(nameof(Unmailable))]
    public void An_event_that_cannot_become_a_mail_is_set_aside_on_the_dead_letter_queue_with_its_reason(string what, object @event, string kind)
    {
        var message = Messages.For(Envelope(@event, ordering: 7));

        Assert.Equal(MailQueues.DeadLetters, message.RoutingKey);
        Assert.Equal(MailOutboxMessages.SetAsideType, message.Properties.Type);
        Assert.Equal($"user-{Email}:3", message.Properties.MessageId);
        Assert.True(message.Properties.Persistent, what);
        Assert.Equal(kind, message.Context.SetAside?.Kind);
        Assert.Equal(7, message.Context.Ordering);
        Assert.StartsWith(kind + ": ", (string)message.Properties.Headers![MailQueues.ReasonHeader]!);
        var body = JsonDocument.Parse(message.Body).RootElement;
        Assert.Equal(($"user-{Email}", "3", "7", kind),
            (body.GetProperty("persistence_id").GetString(), body.GetProperty("sequence_nr").GetString(),
             body.GetProperty("journal_ordering").GetString(), body.GetProperty("kind").GetString()));
        Assert.DoesNotContain("042917", Encoding.UTF8.GetString(message.Body.Span));
    }

    [Fact]
    public void A_users_event_in_a_journal_that_is_not_a_users_is_set_aside_not_thrown()
    {
        var message = Messages.For(new EventEnvelope(Offset.Sequence(9), "job-17", 1,
            new UserEvents.OtpIssued([1], Codes.Seal(Email, "042917"), At, At.AddMinutes(10)), 0, [UserActor.MailTag]));

        Assert.Equal(UnmailableEvent.Uncomposable, message.Context.SetAside?.Kind);
        Assert.Contains("ArgumentException", message.Context.SetAside!.Reason);
    }

    private static EventEnvelope Envelope(object @event, long ordering = 5) =>
        new(Offset.Sequence(ordering), UserActor.PersistenceIdFor(Email), 3, @event, At.UtcTicks, [UserActor.MailTag]);
}
