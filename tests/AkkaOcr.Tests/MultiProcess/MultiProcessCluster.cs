namespace AkkaOcr.Tests.MultiProcess;

/// <summary>
/// Tests that start clusters of real processes. Each needs most of the machine for a minute, and their
/// timings (failover, hand-off) mean something only without other tests competing, so they run one at
/// a time, after the parallel tests.
/// </summary>
[CollectionDefinition(nameof(MultiProcessCluster), DisableParallelization = true)]
public sealed class MultiProcessCluster;
