namespace AkkaOcr.Tests.History;

/// <summary>One row of the journal, its payload deserialized; <see cref="TaggedMail"/> when the outbox reads it.</summary>
public sealed record JournalEvent(string PersistenceId, long SequenceNr, object Event, bool TaggedMail);
