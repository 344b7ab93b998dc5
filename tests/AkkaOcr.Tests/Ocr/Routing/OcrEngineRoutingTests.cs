using AkkaOcr.Messages.Ocr;
using AkkaOcr.Routing;
using Schedule = AkkaOcr.Routing.OcrSchedule<string, string, string, string>;

namespace AkkaOcr.Tests.Ocr.Routing;

/// <summary>
/// Routing by capability on the pure schedule: a mixed cluster of a Tesseract node ("T", English and German)
/// and a PP-OCR node ("P", Chinese and English, no document pages, no script detection). Work goes only to a worker
/// whose engine, languages and outputs fit it; what fits none is refused with what does run.
/// </summary>
public sealed class OcrEngineRoutingTests
{
    private static readonly TimeSpan T0 = TimeSpan.FromMinutes(1);
    private static readonly OcrEngineInfo PaddleOcr = new("ppocr", "cpu", DetectsScript: false, WritesDocumentPages: false);

    private static Schedule Mixed()
    {
        var schedule = Schedule.Empty(new OcrRoutingSettings(TimeSpan.FromSeconds(10), 2)).NodeUp("T").Schedule.NodeUp("P").Schedule;
        schedule = schedule.RegisterWorker("T", "t1", ["eng", "deu"], T0, engine: OcrEngineInfo.Tesseract).Schedule;
        return schedule.RegisterWorker("P", "p1", ["chi_sim", "eng"], T0, engine: PaddleOcr).Schedule;
    }

    private static OcrWork<string, string> Work(string client, string language = "eng", string? engine = null, bool needsDocumentPage = false) =>
        new(OcrJobId.New(), new WorkOwner(client), LanguageSpec.Parse(language), client, $"image of {client}", engine, needsDocumentPage);

    private static string DispatchedTo(Schedule schedule, OcrWork<string, string> work)
    {
        var dispatch = Assert.IsType<Schedule.Dispatch>(Assert.Single(schedule.Submit(work, T0).Effects));
        return dispatch.Worker;
    }

    private static object RefusalOf(Schedule schedule, OcrWork<string, string> work)
    {
        var reply = Assert.IsType<Schedule.Reply>(Assert.Single(schedule.Submit(work, T0).Effects));
        Assert.Equal(work.Client, reply.Client);
        return reply.Answer;
    }

    [Fact]
    public void Each_language_goes_to_the_node_whose_engine_reads_it()
    {
        Assert.Equal("p1", DispatchedTo(Mixed(), Work("chinese", "chi_sim")));
        Assert.Equal("t1", DispatchedTo(Mixed(), Work("german", "deu")));
    }

    [Fact]
    public void A_named_engine_gets_the_work_even_while_another_engine_that_reads_the_language_is_idle()
    {
        // Both idle and both read English: without the name the Tesseract worker, registered first, would be picked.
        Assert.Equal("t1", DispatchedTo(Mixed(), Work("any", "eng")));
        Assert.Equal("p1", DispatchedTo(Mixed(), Work("paddle", "eng", engine: "ppocr")));
        Assert.Equal("t1", DispatchedTo(Mixed(), Work("tesseract", "eng", engine: "tesseract")));
    }

    [Fact]
    public void A_document_page_waits_for_the_tesseract_worker_while_the_ppocr_worker_is_idle()
    {
        var schedule = Mixed();
        var first = Work("first", needsDocumentPage: true);
        var second = Work("second", needsDocumentPage: true);
        Assert.Equal("t1", DispatchedTo(schedule, first));
        schedule = schedule.Submit(first, T0).Schedule;

        var queued = schedule.Submit(second, T0);
        Assert.Empty(queued.Effects);

        var answered = queued.Schedule.WorkerAnswered(new OcrReplies.Recognized(first.JobId, new OcrPage("text", 90, "eng", 10, [], null)), T0);
        Assert.Contains(new Schedule.Dispatch("t1", second, TimeSpan.FromSeconds(10)), answered.Effects);
    }

    [Fact]
    public void Lang_auto_goes_only_to_an_engine_that_detects_the_script()
    {
        Assert.Equal("t1", DispatchedTo(Mixed(), Work("auto", "auto")));

        var onlyPaddle = Schedule.Empty(new OcrRoutingSettings(TimeSpan.FromSeconds(10), 2)).NodeUp("P").Schedule
            .RegisterWorker("P", "p1", ["chi_sim", "eng"], T0, engine: PaddleOcr).Schedule;
        var unknown = Assert.IsType<OcrRouting.UnknownLanguage>(RefusalOf(onlyPaddle, Work("auto", "auto")));
        Assert.Equal(["chi_sim", "eng"], unknown.Installed);
    }

    [Fact]
    public void An_engine_no_node_runs_is_refused_with_the_engines_that_run()
    {
        var unknown = Assert.IsType<OcrRouting.UnknownEngine>(RefusalOf(Mixed(), Work("gpu", engine: "easyocr")));

        Assert.Equal("easyocr", unknown.Engine);
        Assert.Equal(["ppocr", "tesseract"], unknown.Running);
    }

    [Fact]
    public void A_language_the_named_engine_does_not_read_is_refused_with_that_engines_languages()
    {
        var unknown = Assert.IsType<OcrRouting.UnknownLanguage>(RefusalOf(Mixed(), Work("german", "deu", engine: "ppocr")));

        Assert.Equal("deu", unknown.Language);
        Assert.Equal(["chi_sim", "eng"], unknown.Installed);
    }

    [Fact]
    public void A_document_page_asked_of_an_engine_that_writes_none_is_refused_naming_the_engine_that_does()
    {
        var refused = Assert.IsType<OcrRouting.OutputUnsupported>(RefusalOf(Mixed(), Work("page", engine: "ppocr", needsDocumentPage: true)));

        Assert.Contains("ppocr engine does not write a document page's text layer and ALTO", refused.Reason);
        Assert.EndsWith("come from tesseract", refused.Reason);
    }

    [Fact]
    public void The_running_engines_are_listed_with_the_languages_each_reads()
    {
        var engines = Mixed().RunningEngines();

        Assert.Equal([("ppocr", "cpu", "chi_sim,eng"), ("tesseract", "cpu", "deu,eng")],
            engines.Select(engine => (engine.Engine.Name, engine.Engine.Device, string.Join(',', engine.Languages))).ToList());
    }

    [Fact]
    public void A_worker_that_names_no_engine_is_tesseract_on_the_cpu()
    {
        var schedule = Schedule.Empty(new OcrRoutingSettings(TimeSpan.FromSeconds(10), 2)).NodeUp("A").Schedule
            .RegisterWorker("A", "a1", ["eng"], T0).Schedule;

        Assert.Equal(OcrEngineInfo.Tesseract, Assert.Single(schedule.RunningEngines()).Engine);
        Assert.Equal("a1", DispatchedTo(schedule, Work("page", "auto", engine: "tesseract", needsDocumentPage: true)));
    }
}
