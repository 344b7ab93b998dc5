namespace AkkaOcr.LoadDriver;

/// <summary>
/// One kind of work a simulated user does, as a sequence of requests: sign up, sign in, or an OCR
/// upload. A flow stops at its first failed request; the request log keeps why.
/// </summary>
public interface ILoadFlow
{
    string Name { get; }

    /// <summary>Runs the flow once; false when one of its requests failed.</summary>
    Task<bool> RunAsync(FlowContext context, CancellationToken cancellationToken);
}
