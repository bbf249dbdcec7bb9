using System.Text;

namespace Tollgate.Testing;

/// <summary>
/// Provider responses and streams written from the providers' published API references (see
/// <c>Golden/README.md</c>), copied next to the test assemblies. Paths are relative to the <c>Golden</c> folder,
/// e.g. <c>openai/chat-completion.json</c>.
/// </summary>
public static class GoldenFiles
{
    /// <summary>The folder the golden files are copied to.</summary>
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Golden");

    /// <summary>The exact bytes of a golden file.</summary>
    public static byte[] Read(string path) => File.ReadAllBytes(FullPath(path));

    /// <summary>A golden file as UTF-8 text.</summary>
    public static string ReadText(string path) => Encoding.UTF8.GetString(Read(path));

    /// <summary>How many bytes of the golden file come before the first occurrence of <paramref name="marker"/> (a cut point).</summary>
    public static int OffsetOf(string path, string marker)
    {
        var offset = Read(path).AsSpan().IndexOf(Encoding.UTF8.GetBytes(marker));
        return offset >= 0 ? offset : throw new ArgumentException($"'{marker}' does not occur in golden file {path}.", nameof(marker));
    }

    private static string FullPath(string path)
    {
        var full = Path.Combine(Directory, path);
        return File.Exists(full) ? full : throw new FileNotFoundException($"No golden file {path} in {Directory}.", full);
    }

    /// <summary>The last event of an <c>.sse</c> file, its blank line included: the error event a cut stream ends with.</summary>
    public static byte[] LastEvent(string path)
    {
        var bytes = Read(path);
        var start = bytes.AsSpan(0, bytes.Length - 2).LastIndexOf("\n\n"u8) + 2;
        return bytes[start..];
    }
}
