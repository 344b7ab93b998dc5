using System.Diagnostics.Metrics;
using AkkaOcr.ServiceDefaults.Observability;

namespace AkkaOcr.Mail;

/// <summary>What the mail outbox on this node did; its lag is read by <see cref="MailOutboxMonitor"/>.</summary>
public static class MailMetrics
{
    private static readonly Meter Meter = new(AkkaOcrMeter.Name);

    private static readonly Counter<long> EventsSetAside = Meter.CreateCounter<long>(
        "akkaocr.mail.outbox.set_aside", unit: "{event}",
        description: "Events tagged mail that could not become a mail and were set aside on email_notification.dead, by kind");

    private static readonly Counter<long> UnconfirmedMailsSentAgain = Meter.CreateCounter<long>(
        "akkaocr.mail.unconfirmed_sent_again", unit: "{mail}",
        description: "Mails sent again because an earlier attempt was claimed and never confirmed (the notifier stopped between SMTP and recording it): possible duplicates");

    public static void UnconfirmedMailSentAgain() => UnconfirmedMailsSentAgain.Add(1);

    /// <param name="kind">One of the <see cref="UnmailableEvent"/> kinds.</param>
    public static void EventSetAside(string kind) => EventsSetAside.Add(1, new KeyValuePair<string, object?>("kind", kind));
}
