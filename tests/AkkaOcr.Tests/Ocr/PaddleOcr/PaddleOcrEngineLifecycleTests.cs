using AkkaOcr.Messages.Ocr;
using AkkaOcr.Tests.Infrastructure;

namespace AkkaOcr.Tests.Ocr.PaddleOcr;

/// <summary>
/// Native memory must not grow with use: every bitmap, tensor and ONNX Runtime value is freed after each
/// image. Measured through the process RSS, so these run alone (no other test allocating meanwhile).
/// </summary>
[Collection(nameof(NativeMemoryCollection))]
public sealed class PaddleOcrEngineLifecycleTests(ITestOutputHelper output)
{
    private static readonly OcrOptions WithWords = new("eng", 3, IncludeWords: true, OcrOutputFormat.Text);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void Five_hundred_recognitions_on_one_engine_do_not_grow_native_memory()
    {
        var image = TestImages.Line("Memory stays flat 42");
        using var engine = PaddleOcrTestModels.CreateEngine();
        for (var i = 0; i < 50; i++)
            engine.Recognize(image, WithWords, Timeout);

        var before = ProcessMemory.AfterCollecting();
        for (var i = 0; i < 500; i++)
            Assert.Contains("42", engine.Recognize(image, WithWords, Timeout).Text);
        var after = ProcessMemory.AfterCollecting();

        output.WriteLine($"after warm-up: {before}; after 500 more recognitions: {after}");
        Assert.True(after.NativeMegabytes - before.NativeMegabytes < 25, $"native memory grew by {after.NativeMegabytes - before.NativeMegabytes:0.0} MiB over 500 recognitions ({before}; then {after})");
    }

    [Fact]
    public void Twenty_engines_created_and_disposed_do_not_grow_native_memory()
    {
        var image = TestImages.Line("Engine 7");
        for (var i = 0; i < 3; i++)
            CreateUseDispose(image);

        var before = ProcessMemory.AfterCollecting();
        for (var i = 0; i < 20; i++)
            CreateUseDispose(image);
        var after = ProcessMemory.AfterCollecting();

        output.WriteLine($"after warm-up: {before}; after 20 more create/dispose cycles: {after}");
        Assert.True(after.NativeMegabytes - before.NativeMegabytes < 40, $"native memory grew by {after.NativeMegabytes - before.NativeMegabytes:0.0} MiB over 20 engines ({before}; then {after})");
    }

    private static void CreateUseDispose(byte[] image)
    {
        using var engine = PaddleOcrTestModels.CreateEngine();
        Assert.Contains("7", engine.Recognize(image, WithWords, Timeout).Text);
    }
}
