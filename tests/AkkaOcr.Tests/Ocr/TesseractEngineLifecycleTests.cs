using AkkaOcr.Messages.Ocr;
using AkkaOcr.Ocr;
using AkkaOcr.Ocr.Tesseract;
using AkkaOcr.Tests.Infrastructure;

namespace AkkaOcr.Tests.Ocr;

/// <summary>
/// Native memory must not grow with use: every Pix, result string, iterator and engine is freed.
/// Measured through the process RSS, so these run alone (no other test allocating meanwhile).
/// </summary>
[Collection(nameof(NativeMemoryCollection))]
public sealed class TesseractEngineLifecycleTests(ITestOutputHelper output)
{
    private static readonly OcrWorkerSettings Settings = new();
    private static readonly OcrOptions WithEverything = new("eng", 3, IncludeWords: true, OcrOutputFormat.Hocr);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void Five_hundred_recognitions_on_one_engine_do_not_grow_native_memory()
    {
        var image = TestImages.Line("Memory stays flat 42");
        using var engine = TesseractEngineTests.CreateEngine();
        for (var i = 0; i < 50; i++)
            engine.Recognize(image, WithEverything, Timeout);

        var before = ProcessMemory.AfterCollecting();
        for (var i = 0; i < 500; i++)
            Assert.Contains("42", engine.Recognize(image, WithEverything, Timeout).Text);
        var after = ProcessMemory.AfterCollecting();

        output.WriteLine($"after warm-up: {before}; after 500 more recognitions: {after}");
        Assert.True(after.NativeMegabytes - before.NativeMegabytes < 25, $"native memory grew by {after.NativeMegabytes - before.NativeMegabytes:0.0} MiB over 500 recognitions ({before}; then {after})");
    }

    [Fact]
    public void Fifty_engines_created_and_disposed_do_not_grow_native_memory()
    {
        var image = TestImages.Line("Engine 7");
        for (var i = 0; i < 5; i++)
            CreateUseDispose(image);

        var before = ProcessMemory.AfterCollecting();
        for (var i = 0; i < 50; i++)
            CreateUseDispose(image);
        var after = ProcessMemory.AfterCollecting();

        output.WriteLine($"after warm-up: {before}; after 50 more create/dispose cycles: {after}");
        Assert.True(after.NativeMegabytes - before.NativeMegabytes < 40, $"native memory grew by {after.NativeMegabytes - before.NativeMegabytes:0.0} MiB over 50 engines ({before}; then {after})");
    }

    private static void CreateUseDispose(byte[] image)
    {
        using var engine = TesseractEngine.Create(Settings.TessdataPath, "eng", Settings.MaxPixels, Settings.MaxSyncPages);
        Assert.Contains("7", engine.Recognize(image, WithEverything, Timeout).Text);
    }
}

/// <summary>Tests that read the process RSS run with nothing else in parallel.</summary>
[CollectionDefinition(nameof(NativeMemoryCollection), DisableParallelization = true)]
public sealed class NativeMemoryCollection;
