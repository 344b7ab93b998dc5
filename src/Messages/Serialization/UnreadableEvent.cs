namespace AkkaOcr.Messages.Serialization;

/// <summary>
/// What a journal row becomes when its event cannot be read: a manifest this version does not know (written
/// by a newer one), or bytes that do not decode. Reading a journal yields this instead of failing, so that a
/// reader that only passes events on (the mail outbox) can set the one event aside and go on; an entity
/// that must apply every event refuses to recover on it. Never serialized, never sent.
/// </summary>
/// <param name="Manifest">The manifest stored with the event.</param>
/// <param name="Reason">Why it could not be read, without its content.</param>
public sealed record UnreadableEvent(string Manifest, string Reason);
