namespace AkkaOcr.Tests.MultiProcess.History;

/// <summary>One row of the event journal, as far as the history checker needs it: whose, which, and what type (the serializer manifest).</summary>
public sealed record JournalEvent(string PersistenceId, long SequenceNr, string Manifest)
{
    public override string ToString() => $"{PersistenceId}#{SequenceNr} {Manifest}";
}
