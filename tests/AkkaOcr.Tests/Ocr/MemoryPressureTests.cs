using AkkaOcr.Ocr;
using AkkaOcr.Ocr.Workers;

namespace AkkaOcr.Tests.Ocr;

/// <summary>The node's memory gauge against this test process's real resident memory.</summary>
public sealed class MemoryPressureTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public void A_limit_below_what_the_process_already_uses_refuses_and_says_how_near()
    {
        var memory = new MemoryPressure(limitBytes: 16 * MiB, refusePercent: 85);

        var refusal = memory.RefusalFor(imageBytes: 1);

        Assert.NotNull(refusal);
        Assert.Contains("near its limit of 16 MiB", refusal);
        Assert.Matches(@"uses \d+ MiB of memory", refusal);
    }

    [Fact]
    public void A_limit_far_above_what_the_process_uses_takes_an_image()
    {
        var memory = new MemoryPressure(limitBytes: Environment.WorkingSet * 10, refusePercent: 85);

        Assert.Null(memory.RefusalFor(imageBytes: 10 * MiB));
    }

    [Fact]
    public void The_image_counts_toward_the_limit()
    {
        var memory = new MemoryPressure(limitBytes: Environment.WorkingSet * 2, refusePercent: 90);

        Assert.Null(memory.RefusalFor(imageBytes: 1));
        Assert.NotNull(memory.RefusalFor(imageBytes: memory.LimitBytes));
    }

    [Fact]
    public void Garbage_is_collected_before_an_image_is_refused_and_a_collection_that_frees_too_little_still_refuses()
    {
        var collectionsBefore = GC.CollectionCount(GC.MaxGeneration);
        // Resident memory that a full collection brings down from 900 to 100 MiB of a 1000 MiB limit.
        var freedByCollection = new MemoryPressure(1000 * MiB, 85, () => GC.CollectionCount(GC.MaxGeneration) > collectionsBefore ? 100 * MiB : 900 * MiB);
        var notFreed = new MemoryPressure(1000 * MiB, 85, () => 900 * MiB);

        Assert.Null(freedByCollection.RefusalFor(1));
        Assert.NotNull(notFreed.RefusalFor(1));
    }

    [Fact]
    public void Without_a_configured_limit_the_container_or_machine_memory_is_the_limit()
    {
        var memory = MemoryPressure.From(new OcrWorkerSettings());

        Assert.Equal(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, memory.LimitBytes);
        Assert.Equal(memory.LimitBytes / 100 * 85, memory.RefuseAboveBytes);
        Assert.Equal(512 * MiB, MemoryPressure.From(new OcrWorkerSettings { MemoryLimitMiB = 512 }).LimitBytes);
    }
}
