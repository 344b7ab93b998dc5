using System.Globalization;
using System.Text.Json;

namespace AkkaOcr.Mail;

/// <summary>
/// An event tagged <c>mail</c> that cannot become a mail. The outbox sets it aside: a persistent message on
/// <c>email_notification.dead</c> that names the event and says why, never what it holds, and moves past it.
/// The event itself stays in its journal, so it can be mailed by hand once the cause is fixed.
/// </summary>
/// <param name="Kind"><see cref="Unreadable"/>, <see cref="Unsealable"/> or <see cref="Uncomposable"/>: a bounded metric label.</param>
/// <param name="Reason">What went wrong, for the operator; free of the event's secrets.</param>
public sealed record UnmailableEvent(string Kind, string Reason)
{
    /// <summary>The journal row does not read as an event of this version (unknown manifest, damaged bytes).</summary>
    public const string Unreadable = "unreadable";

    /// <summary>The sealed code or text does not open under this node's data key.</summary>
    public const string Unsealable = "unsealable";

    /// <summary>The event reads, but no mail is made of it (a type that carries none, or the composer failed).</summary>
    public const string Uncomposable = "uncomposable";

    /// <summary>The body of the set-aside message: where the event is and why it was not mailed.</summary>
    public byte[] ToJson(string persistenceId, long sequenceNr, long ordering, string eventType) =>
        JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
        {
            ["persistence_id"] = persistenceId,
            ["sequence_nr"] = sequenceNr.ToString(CultureInfo.InvariantCulture),
            ["journal_ordering"] = ordering.ToString(CultureInfo.InvariantCulture),
            ["event"] = eventType,
            ["kind"] = Kind,
            ["reason"] = Reason,
        });
}
