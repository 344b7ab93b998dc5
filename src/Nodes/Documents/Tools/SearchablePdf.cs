using System.Globalization;

namespace AkkaOcr.Documents.Tools;

/// <summary>
/// Builds the searchable PDF of a document: its pages exactly as they were, each read page with an
/// invisible text layer beneath its content. Nothing is rasterized again: qpdf places each layer as a form
/// under the page's untouched content stream, so the pages look the same and their text can be found,
/// selected and copied. Pages without a layer (those that had text already) are left as they are.
/// </summary>
public static class SearchablePdf
{
    public static async Task BuildAsync(
        string originalPdfPath, IReadOnlyList<PageTextLayer> layers, string outputPath, ToolLimits limits, CancellationToken ct)
    {
        var ordered = layers.OrderBy(layer => layer.PageNumber).ToList();
        if (ordered.Any(layer => layer.PageNumber < 1))
            throw new ArgumentException("Page numbers start at 1.", nameof(layers));
        if (ordered.Select(layer => layer.PageNumber).Distinct().Count() != ordered.Count)
            throw new ArgumentException("A page has more than one text layer.", nameof(layers));

        var original = Path.GetFullPath(originalPdfPath);
        using var scratch = new ScratchDirectory();
        var result = scratch.File("searchable.pdf");
        if (ordered.Count == 0)
        {
            File.Copy(original, result);
        }
        else
        {
            // First all layers into one PDF, page k holding the k-th layer; then underlay its pages onto
            // the matching pages of the original in one pass.
            List<string> merge = ["--warning-exit-0", "--empty", "--pages"];
            for (var k = 0; k < ordered.Count; k++)
            {
                var layerPath = scratch.File($"layer-{k + 1:D5}.pdf");
                await File.WriteAllBytesAsync(layerPath, ordered[k].TextOnlyPdf, ct);
                merge.AddRange([layerPath, "1"]);
            }
            var merged = scratch.File("layers.pdf");
            // A layer read from a page turned upright is turned back onto the page; qpdf places a rotated
            // underlay page by its rotation.
            merge.Add("--");
            foreach (var (layer, k) in ordered.Select((layer, k) => (layer, k)).Where(pair => pair.layer.UprightTurn % 360 != 0))
                merge.Add($"--rotate=+{(360 - layer.UprightTurn % 360) % 360}:{k + 1}");
            merge.Add(merged);
            await ChildProcess.RunAsync("qpdf", merge, limits, scratch.Path, ct);

            var to = string.Join(',', ordered.Select(layer => layer.PageNumber.ToString(CultureInfo.InvariantCulture)));
            await ChildProcess.RunAsync("qpdf",
                ["--warning-exit-0", original, "--underlay", merged, $"--to={to}", $"--from=1-{ordered.Count}", "--", result],
                limits, scratch.Path, ct);
        }

        // Written whole in the scratch folder first, so a failed or killed run never leaves half a PDF at the output path.
        File.Move(result, Path.GetFullPath(outputPath), overwrite: true);
    }
}
