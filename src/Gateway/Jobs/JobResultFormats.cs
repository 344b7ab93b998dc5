using System.Globalization;
using System.Net;
using System.Text;
using AkkaOcr.Documents.Storage;
using AkkaOcr.Gateway.Ocr;
using AkkaOcr.Messages.Jobs;

namespace AkkaOcr.Gateway.Jobs;

/// <summary>
/// Renders a finished job's stored pages in the formats <c>GET /ocr/jobs/{id}/result</c> offers. Pages read
/// by Tesseract keep Tesseract's own hOCR and ALTO; a page answered from its own text gets the same shapes
/// built from its words, so every format has every page.
/// </summary>
public static class JobResultFormats
{
    public const string Text = "text";
    public const string Json = "json";
    public const string Hocr = "hocr";
    public const string Alto = "alto";

    public static readonly string[] All = [Text, Json, Hocr, Alto, JobOutputs.Pdf];

    /// <summary>Every page's text, pages separated by a form feed, as Tesseract separates them.</summary>
    public static string PlainText(IReadOnlyList<StoredPage> pages) => string.Join('\f', pages.Select(page => page.Text));

    public static JobJsonResult JsonResult(DocumentJobId jobId, IReadOnlyList<StoredPage> pages) => new(
        jobId.ToString(),
        pages.Select(page => new JobPageResult(page.Page, page.Source.ToString().ToLowerInvariant(), page.Text, page.Confidence, page.Width,
            page.Height, page.Resolution,
            page.Words.Select(word => new JobWordResult(word.Text, word.Confidence, word.Left, word.Top, word.Width, word.Height)).ToList())).ToList());

    public static string HocrDocumentOf(IReadOnlyList<StoredPage> pages) =>
        HocrDocument.Wrap(string.Concat(pages.Select(page => page.Hocr ?? HocrPageFromWords(page))));

    public static string AltoDocumentOf(IReadOnlyList<StoredPage> pages)
    {
        var builder = new StringBuilder("""
            <?xml version="1.0" encoding="UTF-8"?>
            <alto xmlns="http://www.loc.gov/standards/alto/ns-v3#" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.loc.gov/standards/alto/ns-v3# http://www.loc.gov/alto/v3/alto-3-0.xsd">
             <Description>
              <MeasurementUnit>pixel</MeasurementUnit>
              <sourceImageInformation><fileName>document</fileName></sourceImageInformation>
              <OCRProcessing ID="OCR_0"><ocrProcessingStep><processingSoftware><softwareName>AkkaOcr (Tesseract)</softwareName></processingSoftware></ocrProcessingStep></OCRProcessing>
             </Description>
             <Layout>

            """);
        foreach (var page in pages)
            builder.Append(page.Alto ?? AltoPageFromWords(page));
        builder.Append(" </Layout>\n</alto>\n");
        return builder.ToString();
    }

    private static string HocrPageFromWords(StoredPage page)
    {
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"  <div class='ocr_page' id='page_{page.Page}' title='bbox 0 0 {page.Width} {page.Height}; ppageno {page.Page - 1}'>\n");
        var number = 0;
        foreach (var word in page.Words)
        {
            number++;
            builder.Append(CultureInfo.InvariantCulture,
                $"   <span class='ocrx_word' id='word_{page.Page}_{number}' title='bbox {word.Left} {word.Top} {word.Left + word.Width} {word.Top + word.Height}; x_wconf {(int)word.Confidence}'>{WebUtility.HtmlEncode(word.Text)}</span>\n");
        }
        builder.Append("  </div>\n");
        return builder.ToString();
    }

    private static string AltoPageFromWords(StoredPage page)
    {
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture,
            $"  <Page ID=\"page_{page.Page - 1}\" PHYSICAL_IMG_NR=\"{page.Page - 1}\" HEIGHT=\"{page.Height}\" WIDTH=\"{page.Width}\">\n");
        builder.Append(CultureInfo.InvariantCulture, $"   <PrintSpace HPOS=\"0\" VPOS=\"0\" WIDTH=\"{page.Width}\" HEIGHT=\"{page.Height}\">\n");
        builder.Append(CultureInfo.InvariantCulture, $"    <TextBlock ID=\"block_{page.Page}\"><TextLine ID=\"line_{page.Page}\">\n");
        var number = 0;
        foreach (var word in page.Words)
        {
            number++;
            builder.Append(CultureInfo.InvariantCulture,
                $"     <String ID=\"string_{page.Page}_{number}\" HPOS=\"{word.Left}\" VPOS=\"{word.Top}\" WIDTH=\"{word.Width}\" HEIGHT=\"{word.Height}\" WC=\"{(word.Confidence / 100).ToString("0.00", CultureInfo.InvariantCulture)}\" CONTENT=\"{WebUtility.HtmlEncode(word.Text)}\"/>\n");
        }
        builder.Append("    </TextLine></TextBlock>\n   </PrintSpace>\n  </Page>\n");
        return builder.ToString();
    }
}
