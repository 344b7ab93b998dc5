using System.Globalization;

namespace AkkaOcr.Documents.Tools;

/// <summary>
/// Rasterizes one PDF page to a grayscale image with <c>pdftoppm</c>, in a child process. The
/// resolution is chosen per page: a scan is rasterized at its own resolution rather than upsampled (which
/// costs time and memory and adds nothing to read), and no page gets more pixels than allowed, whatever
/// size it claims.
/// </summary>
public static class PageRasterizer
{
    /// <summary>Below this a scan is still upsampled: OCR reads 150 dpi and up markedly better than coarser text.</summary>
    public const int MinimumScanDpi = 150;

    public static async Task<RasterizedPage> RasterizeAsync(
        string pdfPath, int pageNumber, RasterOptions options, ToolLimits limits, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageNumber, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Dpi, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxPixels, 1);
        var path = Path.GetFullPath(pdfPath);
        using var scratch = new ScratchDirectory();
        var size = await PdfPageSize.ReadAsync(path, pageNumber, limits, scratch.Path, ct);
        var images = await PageImage.ListAsync(path, pageNumber, limits, scratch.Path, ct);
        var dpi = ChooseDpi(options, size, images);

        var page = pageNumber.ToString(CultureInfo.InvariantCulture);
        string[] arguments = ["-f", page, "-l", page, "-r", dpi.ToString(CultureInfo.InvariantCulture), "-gray"];
        byte[] image;
        if (options.Format == RasterImageFormat.Png)
        {
            image = (await ChildProcess.RunAsync("pdftoppm", [.. arguments, "-png", path], limits, scratch.Path, ct)).StandardOutput;
        }
        else
        {
            // A TIFF writer seeks back to patch its header, so it cannot write to a pipe: it writes a file
            // in the scratch folder, bounded in size like the tool's output.
            await ChildProcess.RunAsync("pdftoppm",
                [.. arguments, "-tiff", "-tiffcompression", "lzw", "-singlefile", path, scratch.File("page")], limits, scratch.Path, ct);
            var written = scratch.File("page.tif");
            image = File.Exists(written)
                ? await File.ReadAllBytesAsync(written, ct)
                : throw new DocumentToolException(DocumentToolFailure.Failed, "pdftoppm", "wrote no TIFF image");
        }

        var (width, height) = RasterImageSize.Read(image, options.Format);
        return new RasterizedPage(image, options.Format, width, height, dpi);
    }

    /// <summary>
    /// The requested resolution, or the finest resolution of the images that cover at least half the page
    /// when that is coarser (but not under <see cref="MinimumScanDpi"/>); then lowered until the page fits
    /// in <see cref="RasterOptions.MaxPixels"/>.
    /// </summary>
    internal static int ChooseDpi(RasterOptions options, PdfPageSize page, IReadOnlyList<PageImage> images)
    {
        var dpi = options.Dpi;
        if (images.Count > 0 && images.Sum(image => image.AreaSquareInches) >= page.AreaSquareInches / 2)
        {
            var finest = images.Max(image => Math.Max(image.XPpi, image.YPpi));
            if (finest < dpi)
                dpi = Math.Min(dpi, Math.Max(MinimumScanDpi, (int)Math.Ceiling(finest)));
        }

        // pdftoppm rounds each side up to whole pixels; leave room for that.
        var fit = Math.Floor(72 * Math.Sqrt(options.MaxPixels / (page.Width * page.Height)));
        dpi = (int)Math.Max(1, Math.Min(dpi, fit));
        while (dpi > 1 && Math.Ceiling(page.Width * dpi / 72) * Math.Ceiling(page.Height * dpi / 72) > options.MaxPixels)
            dpi--;
        return dpi;
    }
}
