using AkkaOcr.Ocr;
using AkkaOcr.Ocr.PaddleOcr;

namespace AkkaOcr.Tests.Ocr.PaddleOcr;

/// <summary>
/// PP-OCR's models, which <c>./test.sh</c> installs from npm and names in <c>AKKAOCR_TEST_PPOCR_MODELS</c>.
/// Under <c>./test.sh</c> they must be there; a run without it (an IDE, a bare <c>dotnet test</c>) skips.
/// </summary>
internal static class PaddleOcrTestModels
{
    private const string Variable = "AKKAOCR_TEST_PPOCR_MODELS";

    /// <summary>Whether a test script named the models folder; without it the tests that need it skip.</summary>
    public static bool IsNamed => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable));

    /// <summary>The models folder; skips the calling test when no test script installed them.</summary>
    public static string Folder
    {
        get
        {
            var folder = Environment.GetEnvironmentVariable(Variable);
            Assert.SkipWhen(string.IsNullOrEmpty(folder),
                $"{Variable} is not set: the PP-OCR models come from npm at install time, and ./test.sh installs them");
            return folder!;
        }
    }

    public static OcrWorkerSettings Settings => new() { Engine = OcrEngineNames.PaddleOcr, ModelsPath = Folder };

    public static PaddleOcrEngine CreateEngine(string language = "eng") => PaddleOcrEngine.Create(Settings, language);
}
