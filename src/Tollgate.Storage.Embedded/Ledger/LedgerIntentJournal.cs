using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using Tollgate.Core.Ledger;

namespace Tollgate.Storage.Embedded.Ledger;

/// <summary>
/// Where pending rows go: an append-only file of one JSON line per request about to call its provider, next to
/// the database. Appending is one <c>write</c> on the caller's thread, with no commit and no thread hand-off, yet
/// it survives a crash of the process just as a committed WAL frame does (both sit in the operating system's
/// page cache). When the request settles, its row is committed to SQLite and its intent is forgotten; an intent
/// found without a settled row after a crash becomes an <c>gateway_interrupted</c> row. The file is rolled over
/// once large, carrying only the intents still open, so it stays small.
/// </summary>
internal sealed class LedgerIntentJournal : IDisposable
{
    private const string FilePrefix = "ledger-intents.";
    private const string FileSuffix = ".jsonl";
    private const long DefaultRollOverBytes = 16L * 1024 * 1024;

    private readonly string _directory;
    private readonly long _rollOverBytes;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, LedgerEntry> _open = new(StringComparer.Ordinal);

    /// <summary>Intents found in the files of earlier runs, until recovery turns them into rows.</summary>
    private Dictionary<string, LedgerEntry> _earlier;
    private SafeFileHandle _file;
    private string _path;
    private long _offset;
    private long _rollAt;
    private long _generation;

    public LedgerIntentJournal(string directory, long rollOverBytes = DefaultRollOverBytes)
    {
        _directory = directory;
        _rollOverBytes = rollOverBytes;
        _rollAt = rollOverBytes;
        _generation = FindFiles().Select(GenerationOf).DefaultIfEmpty(0).Max() + 1;
        _earlier = ReadFiles(except: null);
        (_file, _path) = Create(_generation);
    }

    /// <summary>Records that a request is about to call its provider; durable against a process crash on return.</summary>
    public void Append(LedgerEntry entry)
    {
        var line = Serialize(entry);
        lock (_gate)
        {
            _open[entry.RequestId] = entry;
            WriteLine(line);
            if (_offset >= _rollAt)
            {
                RollOver();
            }
        }
    }

    /// <summary>Forgets an intent whose settled row is committed.</summary>
    public void Settled(string requestId) => _open.TryRemove(requestId, out _);

    /// <summary>The journal files on disk (tests watch the roll-over).</summary>
    internal IReadOnlyList<string> Files => [.. FindFiles()];

    /// <summary>Requests whose intent is open.</summary>
    public IEnumerable<string> OpenRequestIds() => _open.Keys.Concat(_earlier.Keys);

    /// <summary>The pending entry of a request still in flight, if any.</summary>
    public LedgerEntry? Find(string requestId) =>
        _open.TryGetValue(requestId, out var entry) ? entry
        : _earlier.TryGetValue(requestId, out entry) ? entry
        : null;

    /// <summary>
    /// Takes every intent not known to be settled: those in the files of earlier runs and those of this run,
    /// then starts an empty file. Whether each one has a settled row is for the caller to check.
    /// </summary>
    public List<LedgerEntry> TakeAll()
    {
        lock (_gate)
        {
            // Earlier runs' files, read again: another process may have written more since this one opened.
            var intents = ReadFiles(except: _path);
            foreach (var entry in _open.Values)
            {
                intents[entry.RequestId] = entry;
            }

            _open.Clear();
            _earlier = new Dictionary<string, LedgerEntry>(StringComparer.Ordinal);
            var old = _file;
            _generation++;
            (_file, _path) = Create(_generation);
            _offset = 0;
            _rollAt = _rollOverBytes;
            old.Dispose();
            DeleteAllBut(_path);
            return [.. intents.Values];
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _file.Dispose();
            if (_open.IsEmpty)
            {
                // Nothing in flight: the file holds only settled intents.
                TryDelete(_path);
            }
        }
    }

    private void WriteLine(ReadOnlySpan<byte> line)
    {
        // One write per intent: a line is either wholly in the file or (torn by a crash mid-write) unreadable.
        RandomAccess.Write(_file, line, _offset);
        _offset += line.Length;
    }

    private static byte[] Serialize(LedgerEntry entry)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            JsonSerializer.Serialize(writer, entry, LedgerJournalJsonContext.Default.LedgerEntry);
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Starts a new file holding only the intents still open, then drops the old one.</summary>
    private void RollOver()
    {
        var old = _file;
        var oldPath = _path;
        _generation++;
        (_file, _path) = Create(_generation);
        _offset = 0;
        foreach (var entry in _open.Values)
        {
            WriteLine(Serialize(entry));
        }

        // Should the open intents alone fill the file, the next roll waits until they have doubled at least.
        _rollAt = Math.Max(_rollOverBytes, 2 * _offset);
        old.Dispose();
        TryDelete(oldPath);
    }

    private (SafeFileHandle File, string Path) Create(long generation)
    {
        var path = Path.Combine(_directory, FilePrefix + generation.ToString("D8", System.Globalization.CultureInfo.InvariantCulture) + FileSuffix);
        return (OwnerOnlyFiles.OpenForWriting(path), path);
    }

    private Dictionary<string, LedgerEntry> ReadFiles(string? except)
    {
        var intents = new Dictionary<string, LedgerEntry>(StringComparer.Ordinal);
        foreach (var path in FindFiles())
        {
            if (string.Equals(path, except, StringComparison.Ordinal))
            {
                continue; // this run's own file: its open intents are exactly those in memory
            }

            try
            {
                foreach (var line in File.ReadLines(path))
                {
                    if (TryParse(line) is { } entry)
                    {
                        intents[entry.RequestId] = entry;
                    }
                }
            }
            catch (FileNotFoundException)
            {
                // Rolled over and removed by the process that wrote it, between listing and reading.
            }
        }

        return intents;
    }

    private IEnumerable<string> FindFiles() => Directory.EnumerateFiles(_directory, FilePrefix + "*" + FileSuffix);

    private void DeleteAllBut(string keep)
    {
        foreach (var path in FindFiles().ToList())
        {
            if (!string.Equals(path, keep, StringComparison.Ordinal))
            {
                TryDelete(path);
            }
        }
    }

    private static long GenerationOf(string path)
    {
        var name = Path.GetFileName(path);
        var digits = name.AsSpan(FilePrefix.Length, name.Length - FilePrefix.Length - FileSuffix.Length);
        return long.TryParse(digits, System.Globalization.CultureInfo.InvariantCulture, out var generation) ? generation : 0;
    }

    private static LedgerEntry? TryParse(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(line, LedgerJournalJsonContext.Default.LedgerEntry);
        }
        catch (JsonException)
        {
            return null; // a line torn by the crash itself: its request never reached the provider
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left for the next start, which reads and removes it.
        }
    }
}
