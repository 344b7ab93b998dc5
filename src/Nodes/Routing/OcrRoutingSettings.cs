namespace AkkaOcr.Routing;

/// <summary>How long a piece of work may take, and how much a router holds while every worker is busy.</summary>
/// <param name="Timeout">The deadline of one piece of work, from submission to answer.</param>
/// <param name="QueuePerWorker">Pieces of work held per known worker while all are busy, before the router answers busy.</param>
public sealed record OcrRoutingSettings(TimeSpan Timeout, int QueuePerWorker);
