using System.Text.Json.Serialization;

namespace AkkaOcr.Gateway.Ocr;

/// <summary>
/// The demo's fields (<c>user_id</c>, <c>user_name</c>, <c>user_email</c>, <c>ocr_text</c>) plus what the
/// engine knows. <c>words</c> is present only with <c>?words=true</c>. For a document (a multi-page TIFF),
/// <c>ocr_text</c> joins the pages' texts with a form feed and each word names its page.
/// </summary>
/// <param name="ElapsedMs">From the upload being read to the answer: waiting, transfer and recognition.</param>
public sealed record OcrResponse(
    string UserId,
    string UserName,
    string UserEmail,
    string OcrText,
    float MeanConfidence,
    string Language,
    long ElapsedMs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<OcrWordResponse>? Words);

/// <summary>A word, its confidence (0 to 100), its box in image pixels and its page (from 1).</summary>
public sealed record OcrWordResponse(string Text, float Confidence, int Left, int Top, int Width, int Height, int Page);

/// <summary>
/// What <c>GET /ocr/languages</c> answers: the installed languages, the one a request without <c>lang</c>
/// gets, and the engines that run (what <c>engine</c> takes) with the languages each reads.
/// </summary>
public sealed record LanguagesResponse(IReadOnlyList<string> Languages, string Default, IReadOnlyList<EngineResponse> Engines);

/// <summary>An engine that runs on some <c>ocr</c> node: its name, device, languages, and whether it reads document jobs' pages.</summary>
public sealed record EngineResponse(string Name, string Device, IReadOnlyList<string> Languages, bool DocumentPages);
