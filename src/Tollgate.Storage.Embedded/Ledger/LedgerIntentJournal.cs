using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using Tollgate.Core.Ledger;

namespace Tollgate.Storage.Embedded.Ledger;

/// <summary>
/// Where pending rows go, and settled rows not yet committed: an append-only file of one JSON line per row, next to the
/// database. Appending is one <c>write</c> on the caller's thread, with no commit and no thread hand-off, yet it
/// survives a crash of the process just as a committed WAL frame does (both sit in the operating system's page cache).
/// A pending line is an intent: the request is about to call its provider. When the request's settled row is
/// committed to SQLite, the intent is forgotten; an intent found without a settled row after a crash becomes a
/// <c>gateway_interrupted</c> row. A settled line is a row written <see cref="Core.Ledger.LedgerDurability.ProcessCrashSafe"/>,
/// forgotten once committed and, after a crash, committed as it is. The file is rolled over once large, carrying only
/// the lines still open, so it stays small.
/// </summary>
internal sealed class LedgerIntentJournal : IDisposable
{
    private const string FilePrefix = "ledger-intents.";
    private const string FileSuffix = ".jsonl";
    private const long DefaultRollOverBytes = 16L * 1024 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _lineBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _lineWriter;

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

    /// <summary>
    /// Records a pending row (its request is about to call its provider) or a settled row still to be committed;
    /// durable against a process crash on return.
    /// </summary>
    public void Append(LedgerEntry entry) => Append(entry, Serialize(entry));

    /// <summary><see cref="Append(LedgerEntry)"/> with the entry's line already made (<see cref="Serialize"/>), so a caller can make it outside its own lock.</summary>
    public void Append(LedgerEntry entry, byte[] line)
    {
        lock (_gate)
        {
            WriteLine(line);
            Keep(_open, entry);
            if (_offset >= _rollAt)
            {
                RollOver();
            }
        }
    }

    /// <summary>
    /// Forgets what the committed <paramref name="row"/> supersedes: its request's intent, or this very row if it was
    /// journalled. A settled row journalled since (a later write of the same request) stays until it is committed too.
    /// </summary>
    public void Committed(LedgerEntry row)
    {
        if (_open.TryGetValue(row.RequestId, out var open) && (ReferenceEquals(open, row) || open.IsPending))
        {
            _open.TryRemove(KeyValuePair.Create(row.RequestId, open));
        }
    }

    /// <summary>The journal files on disk (tests watch the roll-over).</summary>
    internal IReadOnlyList<string> Files => [.. FindFiles()];

    /// <summary>Requests with an open line: an intent, or a settled row not yet committed.</summary>
    public IEnumerable<string> OpenRequestIds() => _open.Keys.Concat(_earlier.Keys);

    /// <summary>The open line of a request (pending, or settled and not yet committed), if any.</summary>
    public LedgerEntry? Find(string requestId) =>
        _open.TryGetValue(requestId, out var entry) ? entry
        : _earlier.TryGetValue(requestId, out entry) ? entry
        : null;

    /// <summary>
    /// Takes every open line: the intents not known to be settled and the settled rows not known to be committed, in
    /// the files of earlier runs and of this run, then starts an empty file. Whether each has its row in the database
    /// is for the caller to check.
    /// </summary>
    public List<LedgerEntry> TakeAll()
    {
        lock (_gate)
        {
            // Earlier runs' files, read again: another process may have written more since this one opened.
            var intents = ReadFiles(except: _path);
            foreach (var entry in _open.Values)
            {
                Keep(intents, entry);
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
                // Nothing open: every line in the file has its settled row committed.
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

    /// <summary>An entry's journal line, newline included.</summary>
    public static byte[] Serialize(LedgerEntry entry)
    {
        // A buffer and a writer per thread, reused (a hit's row is made on every hit): the line is copied out once, at its size.
        var buffer = _lineBuffer ??= new ArrayBufferWriter<byte>(1024);
        var writer = _lineWriter ??= new Utf8JsonWriter(buffer);
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        JsonSerializer.Serialize(writer, entry, LedgerJournalJsonContext.Default.LedgerEntry);
        writer.Flush();
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
        // Oldest first, so a request's later line wins (a roll-over interrupted by a crash leaves its old file behind).
        foreach (var path in FindFiles().OrderBy(GenerationOf))
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
                        Keep(intents, entry);
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

    /// <summary>A request's later line replaces its earlier one, except that a pending line never replaces a settled row.</summary>
    private static void Keep(IDictionary<string, LedgerEntry> lines, LedgerEntry entry)
    {
        if (entry.IsPending && lines.TryGetValue(entry.RequestId, out var kept) && !kept.IsPending)
        {
            return;
        }

        lines[entry.RequestId] = entry;
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
