namespace AkkaOcr.Mail;

/// <summary>What the notifier did with one message of the mail queue; each ends with the message acknowledged.</summary>
public enum MailDeliveryOutcome
{
    /// <summary>Mailed, and its id recorded as sent.</summary>
    Sent,

    /// <summary>Already mailed under this id: dropped.</summary>
    Duplicate,

    /// <summary>Never to be mailed: moved to <c>email_notification.dead</c> with the reason.</summary>
    DeadLettered,
}
