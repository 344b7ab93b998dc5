using AkkaOcr.Messages.Ocr;

namespace AkkaOcr.Ocr;

/// <summary>The values of <c>Ocr__Engine</c>: the engine every worker of a node runs.</summary>
public static class OcrEngineNames
{
    /// <summary>
    /// Tesseract through libtesseract: the 120+ languages it has traineddata for, on the CPU. The same name
    /// a worker that names no engine is taken to run (<see cref="OcrEngineInfo.TesseractName"/>).
    /// </summary>
    public const string Tesseract = OcrEngineInfo.TesseractName;

    /// <summary>PaddleOCR's PP-OCRv4 models on ONNX Runtime: Chinese and English, on the CPU or a CUDA GPU.</summary>
    public const string PaddleOcr = "ppocr";

    public static readonly IReadOnlyList<string> All = [Tesseract, PaddleOcr];
}
