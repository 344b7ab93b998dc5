using System.Runtime.Versioning;
using AkkaOcr.Documents.Tools;

namespace AkkaOcr.Tests.Documents;

public sealed class ScratchDirectoryTests
{
    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void It_is_private_to_this_user_and_gone_with_everything_in_it_after_dispose()
    {
        string path;
        using (var scratch = new ScratchDirectory())
        {
            path = scratch.Path;
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(path));
            Directory.CreateDirectory(scratch.File("nested"));
            File.WriteAllText(Path.Combine(scratch.File("nested"), "page.png"), "pixels");
            File.WriteAllText(scratch.File("document.pdf"), "%PDF-");
        }

        Assert.False(Directory.Exists(path));
    }

    [Fact]
    public void Each_is_fresh()
    {
        using var first = new ScratchDirectory();
        using var second = new ScratchDirectory();

        Assert.NotEqual(first.Path, second.Path);
        Assert.Empty(Directory.EnumerateFileSystemEntries(second.Path));
    }
}
