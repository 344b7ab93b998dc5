namespace AkkaOcr.ServiceDefaults.Persistence;

/// <summary>Tags that journal readers query by; written by entities, read by the mail outbox.</summary>
public static class JournalTags
{
    /// <summary>An event that a mail is made of: the outbox publishes one message per such event.</summary>
    public const string Mail = "mail";
}
