using Akka.Streams;

namespace AkkaOcr.Mail.Messaging;

/// <summary>How the mail streams start again after the broker, the journal or the SMTP server failed them.</summary>
public static class StreamBackoff
{
    public static readonly RestartSettings Default = RestartSettings.Create(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.2);
}
