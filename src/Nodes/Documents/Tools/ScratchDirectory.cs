namespace AkkaOcr.Documents.Tools;

/// <summary>
/// A fresh directory only this user can enter, where one piece of work writes its files, deleted with
/// everything in it on dispose, so no document, page or half-written output outlives the work.
/// </summary>
public sealed class ScratchDirectory : IDisposable
{
    /// <summary>The start of every scratch directory's name, so leftovers would be easy to spot.</summary>
    public const string Prefix = "akkaocr-doc-";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public ScratchDirectory()
    {
        Path = Directory.CreateTempSubdirectory(Prefix).FullName;
        if (!OperatingSystem.IsWindows())
            System.IO.File.SetUnixFileMode(Path, OwnerOnly);
    }

    public string Path { get; }

    /// <summary>The path of a file in this directory.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (UnauthorizedAccessException) when (!OperatingSystem.IsWindows())
        {
            // A tool may have taken the rights off a folder it made; give them back and delete again.
            var everywhere = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true };
            foreach (var folder in Directory.EnumerateDirectories(Path, "*", everywhere).Prepend(Path))
                System.IO.File.SetUnixFileMode(folder, OwnerOnly);
            Directory.Delete(Path, recursive: true);
        }
    }
}
