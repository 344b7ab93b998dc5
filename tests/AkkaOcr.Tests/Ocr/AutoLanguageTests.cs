using AkkaOcr.LoadDriver;
using AkkaOcr.Messages.Ocr;
using AkkaOcr.Ocr;
using AkkaOcr.Ocr.Tesseract;

namespace AkkaOcr.Tests.Ocr;

/// <summary><c>lang=auto</c>: each page is read in the installed language of the script OSD detects on it.</summary>
public sealed class AutoLanguageTests(ITestOutputHelper output) : IDisposable
{
    private static readonly OcrWorkerSettings Settings = new();
    private static readonly OcrOptions Auto = new(OcrLanguages.Auto, 3, IncludeWords: false, OcrOutputFormat.Text);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Four paragraphs of Russian: OSD needs a few lines of text to name a script with confidence.</summary>
    private const string RussianText =
        "Съешь же ещё этих мягких французских булок, да выпей чаю. Утром в понедельник комитет собрался, чтобы обсудить квартальные итоги.\n\n" +
        "Продажи в северном регионе росли, а расходы на доставку и хранение снизились после открытия нового склада.\n\n" +
        "Несколько членов комитета попросили составить ясный план на зиму, и председатель обещал короткую записку.\n\n" +
        "Следующее заседание назначено на четверг, в десять часов утра, в большом зале на втором этаже.";

    private readonly TesseractEngine _engine = CreateAutoEngine();

    private static TesseractEngine CreateAutoEngine()
    {
        TesseractRuntime.EnsureAvailable(Settings);
        var installed = TesseractRuntime.InstalledLanguages(Settings.TessdataPath).ToHashSet(StringComparer.Ordinal);
        return TesseractEngine.CreateAuto(Settings.TessdataPath, installed, "eng", Settings.MaxPixels, Settings.MaxSyncPages);
    }

    public void Dispose() => _engine.Dispose();

    [Fact]
    public void A_russian_page_is_read_in_russian()
    {
        var page = _engine.Recognize(TestImages.Page(RussianText), Auto, Timeout);

        var cer = CharacterErrorRate.Of(RussianText, page.Text);
        output.WriteLine($"language {page.Language}, CER {cer:P2}");
        Assert.Equal("rus", page.Language);
        Assert.True(cer < 0.03, $"CER {cer:P2}; read:\n{page.Text}");
    }

    [Fact]
    public void An_english_page_is_read_in_english_and_the_same_engine_then_reads_russian()
    {
        var text = TestImages.PageText(3);

        var english = _engine.Recognize(TestImages.Page(text), Auto, Timeout);
        var russian = _engine.Recognize(TestImages.Page(RussianText), Auto, Timeout);

        Assert.Equal("eng", english.Language);
        Assert.True(CharacterErrorRate.Of(text, english.Text) < 0.02, english.Text);
        Assert.Equal("rus", russian.Language);
    }

    [Fact]
    public void A_page_without_text_falls_back_to_the_default_language()
    {
        var page = _engine.Recognize(TestImages.Blank(800, 600), Auto, Timeout);

        Assert.Equal("eng", page.Language);
        Assert.Equal("", page.Text.Trim());
    }

    [Fact]
    public void A_script_maps_to_its_first_installed_language_and_an_unknown_or_missing_script_to_the_default()
    {
        var installed = new HashSet<string>(["deu", "eng", "rus"], StringComparer.Ordinal);

        Assert.Equal("eng", ScriptLanguages.Choose("Latin", installed, "deu"));
        Assert.Equal("deu", ScriptLanguages.Choose("Latin", new HashSet<string>(["deu"]), "deu"));
        Assert.Equal("rus", ScriptLanguages.Choose("Cyrillic", installed, "eng"));
        Assert.Equal("deu", ScriptLanguages.Choose(null, installed, "deu"));
        Assert.Equal("deu", ScriptLanguages.Choose("Common", installed, "deu"));
    }

    [Fact]
    public void A_script_no_installed_language_reads_is_refused_by_name_rather_than_read_as_noise()
    {
        var refused = Assert.Throws<OcrEngineException>(() =>
            ScriptLanguages.Choose("Han", new HashSet<string>(["eng", "rus"]), "eng"));

        Assert.Equal(OcrFailure.UnknownLanguage, refused.Reason);
        Assert.Contains("Han script", refused.Message);
        Assert.Contains("chi_sim", refused.Message);
    }

    [Theory]
    [InlineData("auto", true)]
    [InlineData("eng+deu", true)]
    [InlineData("eng+auto", false)]
    [InlineData("auto+auto", false)]
    public void Auto_stands_alone_in_a_language_spec(string spec, bool valid) => Assert.Equal(valid, OcrLanguages.IsValidSpec(spec));
}
