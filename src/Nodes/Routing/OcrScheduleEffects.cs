using AkkaOcr.Messages.Ocr;

namespace AkkaOcr.Routing;

public sealed partial record OcrSchedule<TNode, TWorker, TClient, TPayload>
{
    /// <summary>Something the owner of the schedule does for it; the schedule itself talks to no one.</summary>
    public abstract record Effect;

    /// <summary>Ask every worker of a node to introduce itself.</summary>
    public sealed record DescribeWorkers(TNode Node) : Effect;

    /// <summary>Be told when the worker stops, so its work is answered at once.</summary>
    public sealed record Watch(TWorker Worker) : Effect;

    public sealed record Unwatch(TWorker Worker) : Effect;

    /// <summary>Send the work to the worker with the time left before its deadline, for the worker's own cancellation.</summary>
    public sealed record Dispatch(TWorker Worker, OcrWork<TClient, TPayload> Work, TimeSpan TimeLeft) : Effect;

    /// <summary>Tell the node of the worker reading <paramref name="JobId"/> to stop it.</summary>
    public sealed record CancelRunning(TWorker Worker, OcrJobId JobId) : Effect;

    /// <summary>Give a client its answer: the worker's own, or a refusal or timeout from the schedule.</summary>
    public sealed record Reply(TClient Client, object Answer) : Effect;
}
