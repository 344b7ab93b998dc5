using AkkaOcr.Messages.Ocr;
using Microsoft.ML.OnnxRuntime;

namespace AkkaOcr.Ocr.PaddleOcr;

/// <summary>One ONNX model with one float input and one float output, loaded once and run for every image.</summary>
internal sealed class OnnxModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    private OnnxModel(InferenceSession session)
    {
        _session = session;
        _inputNames = [session.InputMetadata.Keys.Single()];
        _outputNames = [session.OutputMetadata.Keys.First()];
    }

    /// <summary>The model's input dimensions as the file declares them; −1 where any size goes.</summary>
    public IReadOnlyList<int> InputShape => _session.InputMetadata[_inputNames[0]].Dimensions;

    /// <summary>The model's output dimensions as the file declares them; −1 where any size goes.</summary>
    public IReadOnlyList<int> OutputShape => _session.OutputMetadata[_outputNames[0]].Dimensions;

    public static OnnxModel Load(string path, SessionOptions options) => new(new InferenceSession(path, options));

    /// <summary>
    /// Runs the model on <paramref name="input"/> of <paramref name="shape"/> and hands its output and the
    /// output's shape to <paramref name="read"/>, which must copy out what it keeps: the output is freed after.
    /// The deadline and the cancellation stop the run inside ONNX Runtime, between its operators.
    /// </summary>
    public T Run<T>(float[] input, long[] shape, StageDeadline deadline, string stage, OutputReader<T> read)
    {
        deadline.ThrowIfPassed(stage);
        using var runOptions = new RunOptions();
        using var stop = deadline.OnPassed(() => runOptions.Terminate = true);
        using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
        try
        {
            using var outputs = _session.Run(runOptions, _inputNames, [value], _outputNames);
            var output = outputs[0];
            return read(output.GetTensorDataAsSpan<float>(), output.GetTensorTypeAndShape().Shape);
        }
        catch (OnnxRuntimeException) when (runOptions.Terminate)
        {
            deadline.ThrowIfPassed(stage);
            throw new OcrEngineException(OcrFailure.TimedOut, $"recognition was stopped {stage}");
        }
    }

    public delegate T OutputReader<out T>(ReadOnlySpan<float> output, long[] shape);

    public void Dispose() => _session.Dispose();
}
