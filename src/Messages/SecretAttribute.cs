namespace AkkaOcr.Messages;

/// <summary>
/// Marks a protocol member whose value must never reach a log: a password hash, a one-time code or its hash,
/// sealed bytes, a user's image or recognized text. Akka logs a message whole (its <c>ToString</c>) when it
/// becomes a dead letter or is unhandled, so every record with such a member prints it as
/// <see cref="Placeholder"/>; a test holds every protocol type to that.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SecretAttribute : Attribute
{
    /// <summary>What a secret member prints as.</summary>
    public const string Placeholder = "[redacted]";
}
