using Akka.Actor;
using Akka.Persistence;

namespace AkkaOcr.Bench.MailBench;

/// <summary>
/// One <see cref="WriteMessages"/> to a journal actor, as a task: the journal answers the writer that
/// sent it, first for the whole batch, then once per event, so a short-lived actor sends it and
/// completes <c>done</c> when every event is answered.
/// </summary>
public sealed class JournalWriteActor : ReceiveActor
{
    private readonly TaskCompletionSource _done;
    private int _unanswered;

    public JournalWriteActor(IActorRef journal, IReadOnlyList<AtomicWrite> writes, TaskCompletionSource done)
    {
        _done = done;
        _unanswered = writes.Sum(write => write.Size);
        journal.Tell(new WriteMessages(writes, Self, actorInstanceId: 1));

        Receive<WriteMessagesSuccessful>(_ => { });
        Receive<WriteMessageSuccess>(_ =>
        {
            if (--_unanswered == 0)
                Finish(null);
        });
        Receive<WriteMessageRejected>(rejected => Finish(rejected.Cause));
        Receive<WriteMessageFailure>(failure => Finish(failure.Cause));
        Receive<WriteMessagesFailed>(failed => Finish(failed.Cause));
    }

    private void Finish(Exception? failure)
    {
        if (failure is null)
            _done.TrySetResult();
        else
            _done.TrySetException(new InvalidOperationException($"the journal refused a seed write: {failure.Message}", failure));
        Context.Stop(Self);
    }
}
