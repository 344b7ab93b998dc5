using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using AkkaOcr.Messages.Users;
using AkkaOcr.Users;

namespace AkkaOcr.Tests.Infrastructure;

/// <summary>Reads one-time codes the way the mail outbox will: from events tagged <c>mail</c>, unsealed with the data key.</summary>
public static class MailEventReader
{
    public static async Task<string> LatestCodeAsync(ActorSystem system, OtpCodes codes, string email)
    {
        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var events = await journal.CurrentEventsByTag(UserActor.MailTag, Offset.NoOffset())
            .Where(envelope => envelope.PersistenceId == UserActor.PersistenceIdFor(email))
            .RunWith(Sink.Seq<EventEnvelope>(), system.Materializer());
        var issued = Assert.IsType<UserEvents.OtpIssued>(events.Last().Event);
        return codes.Unseal(email, issued.EncryptedCode);
    }
}
