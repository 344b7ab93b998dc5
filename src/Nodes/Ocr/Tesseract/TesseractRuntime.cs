using System.Runtime.InteropServices;
using AkkaOcr.Messages.Ocr;
using AkkaOcr.ServiceDefaults.Settings;

namespace AkkaOcr.Ocr.Tesseract;

/// <summary>
/// Checks, once at node start, that Tesseract and Leptonica load and that the configured languages
/// are installed, so that a missing package is one clear error and not a crash on the first upload.
/// </summary>
public static partial class TesseractRuntime
{
    private const string TraineddataExtension = ".traineddata";

    /// <summary>Orientation and script detection data: not a language a page can be read in.</summary>
    private const string OrientationData = "osd";

    private static readonly Lock Gate = new();
    private static string? _version;

    /// <summary>Loads the native libraries and returns Tesseract's version.</summary>
    /// <exception cref="SettingsException">A library or a configured language is missing.</exception>
    public static string EnsureAvailable(OcrWorkerSettings settings)
    {
        lock (Gate)
        {
            if (_version is null)
            {
                // Tesseract's OpenMP threads would fight the worker threads for the cores: one thread per
                // engine, and as many engines as cores, is faster. A value set by the operator wins.
                _ = setenv("OMP_THREAD_LIMIT", "1", 0);
                foreach (var (library, package) in new[] { (LeptonicaApi.Library, "liblept5"), (TesseractApi.Library, "libtesseract5") })
                    if (!NativeLibrary.TryLoad(library, typeof(TesseractRuntime).Assembly, null, out _))
                        throw new SettingsException($"the ocr role needs {library}: install the Debian package {package} (and tesseract-ocr-eng)");
                LeptonicaApi.setMsgSeverity(LeptonicaApi.SeverityNone);
                _version = Marshal.PtrToStringUTF8(TesseractApi.TessVersion()) ?? "unknown";
            }
        }

        var installed = InstalledLanguages(settings.TessdataPath);
        var missing = OcrLanguages.MissingFrom(settings.Languages, installed);
        if (missing.Count > 0)
            throw new SettingsException(
                $"Ocr__Languages names {string.Join(", ", missing)}, which has no traineddata in Ocr__TessdataPath " +
                $"({settings.TessdataPath}; installed: {(installed.Count == 0 ? "none" : string.Join(", ", installed))})");
        return _version;
    }

    /// <summary>The languages with traineddata in <paramref name="tessdataPath"/>, sorted.</summary>
    public static IReadOnlyList<string> InstalledLanguages(string tessdataPath) =>
        Directory.Exists(tessdataPath)
            ? Directory.EnumerateFiles(tessdataPath, "*" + TraineddataExtension)
                .Select(file => Path.GetFileName(file)[..^TraineddataExtension.Length])
                .Where(language => language != OrientationData)
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);
}
