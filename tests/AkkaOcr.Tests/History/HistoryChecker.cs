using AkkaOcr.LoadDriver;
using AkkaOcr.Mail;
using AkkaOcr.Messages.Users;
using AkkaOcr.Users;

namespace AkkaOcr.Tests.History;

/// <summary>
/// Checks a run's history, every request the load sent with its answer, against what the run left
/// behind: the journal and the mails the SMTP server received. The guarantees:
/// <list type="bullet">
/// <item>every acknowledged write is in the journal: a 201 registration, a 200 verification, and a code
/// behind each 202 code request of a registered account; a 409 registration names an existing account;</item>
/// <item>an address is registered at most once;</item>
/// <item>each entity's sequence numbers run 1, 2, 3… without gaps or repeats;</item>
/// <item>each issued code reached SMTP under its own Message-ID, and every mail received belongs to an
/// event (copies of one are counted as duplicates, not failed: SMTP can force them);</item>
/// <item>a refused write (4xx) left no effect, unless another attempt at it was acknowledged or ambiguous.</item>
/// </list>
/// Operations with no answer or a 5xx are ambiguous: either outcome is allowed, and which one came is counted.
/// </summary>
public static class HistoryChecker
{
    public static HistoryReport Check(string run, IReadOnlyList<RequestRecord> operations, JournalSnapshot journal,
        IReadOnlyCollection<string> receivedMessageIds)
    {
        var violations = new List<string>();
        var byEntity = journal.Events.GroupBy(e => e.PersistenceId).ToDictionary(group => group.Key, group => group.ToList());
        List<JournalEvent> EventsOf(string email) => byEntity.GetValueOrDefault(UserActor.PersistenceIdFor(email)) ?? [];
        bool Has<TEvent>(string email) => EventsOf(email).Any(e => e.Event is TEvent);

        foreach (var (persistenceId, events) in byEntity)
        {
            var numbers = events.Select(e => e.SequenceNr).ToList();
            if (!numbers.SequenceEqual(Enumerable.Range(1, numbers.Count).Select(n => (long)n)))
                violations.Add($"{persistenceId}: sequence numbers {string.Join(",", numbers)} are not 1..{numbers.Count}");
            var registrations = events.Count(e => e.Event is UserEvents.UserRegistered);
            if (registrations > 1)
                violations.Add($"{persistenceId}: registered {registrations} times");
        }
        var duplicatedRegistrations = byEntity.Values.Sum(events => Math.Max(0, events.Count(e => e.Event is UserEvents.UserRegistered) - 1));

        var writes = operations.Where(IsWrite).ToList();
        var acknowledged = 0;
        var lost = 0;
        var ambiguousPresent = 0;
        var ambiguousAbsent = 0;
        var ambiguousRetried = 0;
        foreach (var operation in writes)
        {
            var effect = operation.Operation switch
            {
                AuthClient.Register => Has<UserEvents.UserRegistered>(operation.Account),
                AuthClient.VerifyOtp => Has<UserEvents.EmailVerified>(operation.Account),
                _ => Has<UserEvents.OtpIssued>(operation.Account) || !Has<UserEvents.UserRegistered>(operation.Account),
            };
            if (IsAmbiguous(operation))
            {
                // Where another attempt at the same write was acknowledged, the end state cannot tell which one took effect.
                if (writes.Any(other => other != operation && other.Operation == operation.Operation && other.Account == operation.Account && other.Succeeded))
                    ambiguousRetried++;
                else if (effect) ambiguousPresent++;
                else ambiguousAbsent++;
                continue;
            }
            if (operation.Succeeded || operation is { Operation: AuthClient.Register, Status: 409 })
            {
                acknowledged += operation.Succeeded ? 1 : 0;
                if (!effect)
                {
                    lost++;
                    violations.Add($"acknowledged, but not in the journal: {operation}");
                }
                continue;
            }
            // A refusal must have left nothing, unless another attempt at the same write may have done it.
            var otherAttempt = writes.Any(other => other != operation && other.Operation == operation.Operation && other.Account == operation.Account
                                                   && (other.Succeeded || IsAmbiguous(other)));
            if (effect && !otherAttempt && operation.Operation != AuthClient.GenerateOtp)
                violations.Add($"refused, yet in the journal: {operation}");
        }

        var mailEvents = journal.Events.Where(e => e.TaggedMail && e.Event is UserEvents.OtpIssued)
            .Select(e => MessageIdOf(e)).ToHashSet();
        var allMailEvents = journal.Events.Where(e => e.TaggedMail).Select(MessageIdOf).ToHashSet();
        var received = receivedMessageIds.Select(id => id.Trim('<', '>')).ToList();
        var distinct = received.ToHashSet();
        foreach (var missing in mailEvents.Where(id => !distinct.Contains(id)))
            violations.Add($"a code issued in the journal never reached SMTP (Message-ID {missing})");
        foreach (var stray in distinct.Where(id => !allMailEvents.Contains(id)))
            violations.Add($"a mail with no event behind it reached SMTP (Message-ID {stray})");

        return new HistoryReport(run, operations.Count, acknowledged, lost, duplicatedRegistrations,
            received.Count - distinct.Count, ambiguousPresent + ambiguousAbsent + ambiguousRetried, ambiguousPresent, ambiguousAbsent, ambiguousRetried,
            mailEvents.Count, received.Count, violations);
    }

    private static bool IsWrite(RequestRecord operation) =>
        operation.Operation is AuthClient.Register or AuthClient.VerifyOtp or AuthClient.GenerateOtp;

    /// <summary>No answer, or a server-side failure: the write may or may not have happened.</summary>
    private static bool IsAmbiguous(RequestRecord operation) => operation.Status is null or >= 500;

    private static string MessageIdOf(JournalEvent e) => MailRenderer.MessageIdFor(MailOutboxMessages.EventId(e.PersistenceId, e.SequenceNr));
}
