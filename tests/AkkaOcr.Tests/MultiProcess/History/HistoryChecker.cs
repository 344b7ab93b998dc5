using AkkaOcr.Mail;

namespace AkkaOcr.Tests.MultiProcess.History;

/// <summary>
/// Judges a run's history against what it left behind: the operations the clients sent and their answers,
/// the journal's events, and the Message-IDs the SMTP server received. A pure function of the three, so
/// that it can be shown to catch a loss, a duplicate or a gap on histories made by hand.
/// </summary>
public static class HistoryChecker
{
    public static HistoryReport Check(IReadOnlyCollection<HistoryOperation> operations, IReadOnlyCollection<JournalEvent> journal,
        IReadOnlyCollection<string?> mailedMessageIds)
    {
        var eventsById = journal.GroupBy(entry => entry.PersistenceId, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.OrderBy(entry => entry.SequenceNr).ToList(), StringComparer.Ordinal);
        int CountOf(string persistenceId, string manifest) =>
            eventsById.TryGetValue(persistenceId, out var events) ? events.Count(entry => entry.Manifest == manifest) : 0;

        var lost = new List<string>();
        var refusedButWritten = new List<string>();
        var ambiguous = new List<(HistoryOperation, bool)>();
        var acknowledged = 0;
        // Judged per key and kind: a 409 on registering again is right after a registration whose answer
        // was lost, and wrong only when no attempt at all could have written the account.
        foreach (var attempts in operations.GroupBy(operation => (operation.Kind, operation.Key)))
        {
            if (WriteEffects.For(attempts.Key.Kind, attempts.Key.Key) is not { } effect)
                continue;
            var (persistenceId, manifest) = effect;
            var present = CountOf(persistenceId, manifest) > 0;
            foreach (var operation in attempts)
            {
                switch (operation.Outcome)
                {
                    case OperationOutcome.Acknowledged:
                        acknowledged++;
                        if (!present)
                            lost.Add($"{operation}: no {manifest} in {persistenceId}");
                        break;
                    case OperationOutcome.Ambiguous:
                        ambiguous.Add((operation, present));
                        break;
                }
            }
            if (present && attempts.All(operation => operation.Outcome == OperationOutcome.Refused))
                refusedButWritten.Add($"{persistenceId} has {manifest}, yet every attempt was refused: " +
                                      string.Join("; ", attempts.Select(operation => operation.ToString())));
        }

        var duplicated = new List<string>();
        var gaps = new List<string>();
        foreach (var (persistenceId, events) in eventsById)
        {
            var registrations = events.Count(entry => entry.Manifest == WriteEffects.Registered);
            if (registrations > 1)
                duplicated.Add($"{persistenceId} registered {registrations} times");
            foreach (var twice in events.GroupBy(entry => entry.SequenceNr).Where(group => group.Count() > 1))
                duplicated.Add($"{persistenceId} sequence number {twice.Key} written {twice.Count()} times");
            var expected = 1L;
            foreach (var sequenceNr in events.Select(entry => entry.SequenceNr).Distinct())
            {
                if (sequenceNr != expected)
                    gaps.Add($"{persistenceId}: sequence number {sequenceNr} where {expected} was due");
                expected = sequenceNr + 1;
            }
        }

        // A mail's Message-ID is derived from its event's persistence id and sequence number, the same on
        // every delivery: one event, one Message-ID, however often it is mailed.
        var mailEvents = journal.Where(entry => WriteEffects.Mailed.Contains(entry.Manifest))
            .GroupBy(entry => MailRenderer.MessageIdFor(MailOutboxMessages.EventId(entry.PersistenceId, entry.SequenceNr)), StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.First(), StringComparer.Ordinal);
        var received = mailedMessageIds.Select(id => id?.Trim('<', '>') ?? "").ToList();
        var distinct = received.ToHashSet(StringComparer.Ordinal);
        var neverMailed = mailEvents.Where(pair => !distinct.Contains(pair.Key)).Select(pair => $"{pair.Value} (Message-ID {pair.Key})").ToList();
        var withoutEvent = distinct.Where(id => !mailEvents.ContainsKey(id)).Select(id => id.Length == 0 ? "(no Message-ID)" : id).ToList();

        return new HistoryReport
        {
            Operations = operations.Count,
            Acknowledged = acknowledged,
            Lost = lost,
            Duplicated = duplicated,
            Gaps = gaps,
            RefusedButWritten = refusedButWritten,
            Ambiguous = ambiguous.OrderBy(entry => entry.Item1.RequestId).ToList(),
            JournalEvents = journal.Count,
            MailEvents = mailEvents.Count,
            NeverMailed = neverMailed,
            MailWithoutEvent = withoutEvent,
            MailCopies = received.Count - distinct.Count,
        };
    }
}
