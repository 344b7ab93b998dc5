using System.Diagnostics;
using System.Security.Cryptography;
using Akka.Actor;
using Akka.Hosting;
using Akka.Persistence;
using Akka.Persistence.Journal;
using AkkaOcr.Messages.Users;
using AkkaOcr.ServiceDefaults.Cluster;
using AkkaOcr.Users;
using AkkaOcr.Users.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AkkaOcr.Bench.MailBench;

/// <summary>
/// Puts into the journal what a user's registration and code request put there in production: the
/// events come from <see cref="UserState"/>'s own decisions, the code event is tagged <c>mail</c> as
/// <see cref="UserActor"/> tags it, and they are written by the production journal plugin with the
/// production serializer, as sequence numbers 1 and 2 of each user. Writing through the plugin's
/// protocol in large batches instead of through one actor per user skips 10,000 actor recoveries,
/// which would take most of a minute on a small machine and are no part of what is measured.
/// The actor system here has no cluster and no outbox, so nothing is mailed until the node under
/// test starts.
/// </summary>
public static class JournalSeeder
{
    /// <summary>Users per journal write; several writes are in flight so the plugin can overlap its round trips.</summary>
    private const int UsersPerWrite = 250;
    private const int WritesInFlight = 4;

    /// <summary>
    /// Never read by the outbox or by anything in this benchmark; the size of the gateway's hashes
    /// (ASP.NET Core Identity's version 3 format, 61 bytes) so registration events are of realistic size.
    /// </summary>
    private static readonly string PasswordHash = Convert.ToBase64String(RandomNumberGenerator.GetBytes(61));

    public static async Task<TimeSpan> SeedAsync(string postgres, byte[] dataKey, int users, CancellationToken cancellationToken)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddAkka("mail-bench-seed", akka =>
        {
            akka.ConfigureLoggers(loggers =>
            {
                loggers.LogLevel = Akka.Event.LogLevel.WarningLevel;
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            });
            akka.AddAkkaOcrSerialization().AddAkkaOcrPersistence(postgres);
        });
        using var host = builder.Build();
        await host.StartAsync(cancellationToken);
        var system = host.Services.GetRequiredService<ActorSystem>();
        var journal = Persistence.Instance.Apply(system).JournalFor(null);
        var codes = new OtpCodes(dataKey);
        var writerGuid = Guid.NewGuid().ToString();

        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(Enumerable.Range(0, users).Chunk(UsersPerWrite),
            new ParallelOptions { MaxDegreeOfParallelism = WritesInFlight, CancellationToken = cancellationToken },
            async (chunk, token) =>
            {
                var writes = chunk.SelectMany(index => UserWrites(BenchUsers.Email(index), codes, writerGuid)).ToList();
                await WriteAsync(system, journal, writes).WaitAsync(token);
            });
        var elapsed = Stopwatch.GetElapsedTime(started);

        await host.StopAsync(CancellationToken.None);
        return elapsed;
    }

    private static Task WriteAsync(ActorSystem system, IActorRef journal, IReadOnlyList<AtomicWrite> writes)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        system.ActorOf(Props.Create(() => new JournalWriteActor(journal, writes, done)));
        return done.Task;
    }

    /// <summary>A user's events as <see cref="UserActor"/> would persist them: one write per event, in order.</summary>
    private static IEnumerable<AtomicWrite> UserWrites(string email, OtpCodes codes, string writerGuid)
    {
        var now = DateTimeOffset.UtcNow;
        var state = UserState.Unregistered(email);
        var registration = state.Register(new UserCommands.Register(email, "Mail Bench", PasswordHash, Guid.NewGuid()), UserId.New(), now);
        state = registration.Events.Aggregate(state, (current, @event) => current.Apply(@event));
        var request = state.RequestOtp(now, () =>
        {
            var code = OtpCodes.NewCode();
            return (codes.Hash(email, code), codes.Seal(email, code));
        });
        if (request.Events is not [UserEvents.OtpIssued])
            throw new InvalidOperationException($"a code request for {email} did not issue a code");

        var sequenceNr = 0L;
        foreach (var @event in registration.Events.Concat(request.Events))
        {
            // The tagging rule of UserActor: the code event is the one the outbox reads.
            object payload = @event is UserEvents.OtpIssued ? new Tagged(@event, [UserActor.MailTag]) : @event;
            yield return new AtomicWrite(new Persistent(payload, ++sequenceNr, UserActor.PersistenceIdFor(email), string.Empty,
                isDeleted: false, ActorRefs.NoSender, writerGuid));
        }
    }
}
