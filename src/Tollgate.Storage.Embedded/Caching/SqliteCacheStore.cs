using Microsoft.Data.Sqlite;
using Tollgate.Core.Caching;
using Tollgate.Core.Exchange;
using Tollgate.Storage.Embedded.Sqlite;

namespace Tollgate.Storage.Embedded.Caching;

/// <summary>
/// The embedded response cache: a <see cref="ByteBoundedLru"/> in memory in front of SQLite in its own file
/// (<c>cache.db</c> in the data directory by default), so entries survive a restart and cache writes never take the
/// ledger's write lock. Writes take turns on one connection asynchronously and update the memory after the file, so
/// the memory never holds what the file does not. Another process sharing the file sees this one's writes on its next
/// miss; its memory keeps what it already holds until it expires, is replaced there, or is evicted.
/// </summary>
public sealed partial class SqliteCacheStore : ICacheStore, IDisposable
{
    internal const int PurgeChunk = 500;

    private const string Columns =
        "key, scope, feature, model, protocol, status, content_type, is_stream, payload, answer_bytes, created_at, expires_at, " +
        "semantic_partition, semantic_prompt, semantic_embedder, semantic_vector";
    private const string Upsert =
        "INSERT OR REPLACE INTO cache_entries (" + Columns + ") VALUES " +
        "($key, $scope, $feature, $model, $protocol, $status, $content_type, $is_stream, $payload, $answer_bytes, $created_at, $expires_at, " +
        "$semantic_partition, $semantic_prompt, $semantic_embedder, $semantic_vector);";
    private const string Select = "SELECT " + Columns + " FROM cache_entries WHERE key = $key AND expires_at > $now;";
    private const string Delete = "DELETE FROM cache_entries WHERE key = $key;";
    private const string Measure = "SELECT COUNT(*), COALESCE(SUM(answer_bytes), 0) FROM cache_entries WHERE expires_at > $now;";

    // DELETE … LIMIT needs a compile-time option SQLite builds often lack; a keyed subquery bounds a chunk everywhere.
    private const string Purge =
        "DELETE FROM cache_entries WHERE rowid IN (SELECT rowid FROM cache_entries WHERE " +
        "($feature IS NULL OR feature = $feature) AND ($model IS NULL OR model = $model) AND " +
        "($before IS NULL OR created_at < $before) LIMIT $chunk);";

    // Expired rows are never served; the writer removes them a chunk at a time, at most once per interval, so the file
    // does not grow with answers nobody can read any more.
    private const string SweepExpired =
        "DELETE FROM cache_entries WHERE rowid IN (SELECT rowid FROM cache_entries WHERE expires_at <= $now LIMIT $chunk);";

    internal static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private readonly CacheDatabase _database;
    private readonly TimeProvider _time;
    private readonly ByteBoundedLru _memory;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly SqlitePreparedConnection _writeConnection;
    private readonly SqliteReadPool _readers;
    private volatile bool _disposed;
    private DateTimeOffset _nextSweep;

    private SqliteCacheStore(CacheDatabase database, EmbeddedCacheOptions options, TimeProvider time)
    {
        _database = database;
        _time = time;
        _memory = new ByteBoundedLru(options.MemoryLimitBytes);
        _readers = new SqliteReadPool(database.OpenConnection, options.MaxIdleReadConnections);
        _writeConnection = new SqlitePreparedConnection(database.OpenConnection());
    }

    /// <summary>Full path of the cache's database file.</summary>
    public string DatabasePath => _database.Path;

    internal ByteBoundedLru Memory => _memory;

    /// <summary>Opens (creating when missing, owner-only) the cache file of a data directory.</summary>
    /// <param name="dataDirectory">The data directory; created when missing.</param>
    /// <param name="options">File location and memory bound; defaults when null.</param>
    /// <param name="time">Clock deciding expiry; the system clock when null.</param>
    /// <exception cref="ArgumentException">The options are out of range, or the file named is the ledger's.</exception>
    public static SqliteCacheStore Open(string dataDirectory, EmbeddedCacheOptions? options = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        options ??= new EmbeddedCacheOptions();
        options.Validate();

        var directory = Path.GetFullPath(dataDirectory);
        var path = Path.GetFullPath(options.DatabasePath, directory);
        if (string.Equals(path, Path.Combine(directory, EmbeddedStorage.DatabaseFileName), StringComparison.Ordinal))
        {
            throw new ArgumentException("The cache must have its own file, not the ledger's.", nameof(options));
        }

        OwnerOnlyFiles.CreateDirectory(directory);
        OwnerOnlyFiles.CreateDirectory(Path.GetDirectoryName(path)!);
        OwnerOnlyFiles.CreateFile(path);
        return new SqliteCacheStore(CacheDatabase.Open(path, options), options, time ?? TimeProvider.System);
    }

    /// <inheritdoc />
    public ValueTask<CacheEntry?> GetAsync(CacheKey key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_disposed, this);
        var now = _time.GetUtcNow();
        if (_memory.TryGet(key, out var remembered))
        {
            if (!remembered!.IsExpiredAt(now))
            {
                return ValueTask.FromResult<CacheEntry?>(remembered);
            }

            _memory.Remove(key);
            return ValueTask.FromResult<CacheEntry?>(null);
        }

        var version = _memory.Version;
        var reader = _readers.Rent();
        try
        {
            var select = reader.Command(Select, "$key", "$now");
            select.Parameters[0].Value = KeyBytes(key);
            select.Parameters[1].Value = SqliteTimestamp.Format(now);
            using var row = select.ExecuteReader();
            if (!row.Read())
            {
                return ValueTask.FromResult<CacheEntry?>(null);
            }

            var entry = ReadEntry(key, row);
            _memory.AddIfUnchanged(entry, version);
            return ValueTask.FromResult<CacheEntry?>(entry);
        }
        finally
        {
            _readers.Return(reader);
        }
    }

    /// <inheritdoc />
    public async ValueTask PutAsync(CacheEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        entry.Validate();
        var payload = entry.Events is { } events ? CachePayload.EncodeEvents(events) : entry.Body.ToArray();
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var upsert = WriteCommand(
                Upsert, "$key", "$scope", "$feature", "$model", "$protocol", "$status", "$content_type", "$is_stream", "$payload", "$answer_bytes", "$created_at", "$expires_at",
                "$semantic_partition", "$semantic_prompt", "$semantic_embedder", "$semantic_vector");
            upsert.Parameters[0].Value = KeyBytes(entry.Key);
            upsert.Parameters[1].Value = entry.Scope;
            upsert.Parameters[2].Value = (object?)entry.Feature ?? DBNull.Value;
            upsert.Parameters[3].Value = entry.Model;
            upsert.Parameters[4].Value = entry.Protocol.ToString();
            upsert.Parameters[5].Value = entry.Status;
            upsert.Parameters[6].Value = entry.ContentType;
            upsert.Parameters[7].Value = entry.IsEventStream ? 1 : 0;
            upsert.Parameters[8].Value = payload;
            upsert.Parameters[9].Value = entry.AnswerBytes;
            upsert.Parameters[10].Value = SqliteTimestamp.Format(entry.CreatedAt);
            upsert.Parameters[11].Value = SqliteTimestamp.Format(entry.ExpiresAt);
            upsert.Parameters[12].Value = entry.Semantics is { } semantics ? KeyBytes(semantics.Partition) : DBNull.Value;
            upsert.Parameters[13].Value = (object?)entry.Semantics?.Prompt ?? DBNull.Value;
            upsert.Parameters[14].Value = (object?)entry.Semantics?.Embedder ?? DBNull.Value;
            upsert.Parameters[15].Value = entry.Semantics is { } withVector ? CachePayload.EncodeVector(withVector.Vector.Span) : DBNull.Value;
            upsert.ExecuteNonQuery();
            SweepExpiredIfDue();

            // Kept as it was given: the caller handed its buffers over, and a later hit serves them without a copy.
            _memory.Set(entry);
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> RemoveAsync(CacheKey key, CancellationToken cancellationToken = default)
    {
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var delete = WriteCommand(Delete, "$key");
            delete.Parameters[0].Value = KeyBytes(key);
            var removed = delete.ExecuteNonQuery() > 0;
            _memory.Remove(key);
            return removed;
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Deletes in chunks of <see cref="PurgeChunk"/> rows, giving the writer's turn back after each so that storing new
    /// answers never waits for a whole purge. Cancellation stops between chunks: what was deleted stays deleted.
    /// </remarks>
    public async ValueTask<long> PurgeAsync(CachePurgeFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        long removed = 0;
        int chunk;
        do
        {
            await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var purge = WriteCommand(Purge, "$feature", "$model", "$before", "$chunk");
                purge.Parameters[0].Value = (object?)filter.Feature ?? DBNull.Value;
                purge.Parameters[1].Value = (object?)filter.Model ?? DBNull.Value;
                purge.Parameters[2].Value = filter.CreatedBefore is { } before ? SqliteTimestamp.Format(before) : DBNull.Value;
                purge.Parameters[3].Value = PurgeChunk;
                chunk = purge.ExecuteNonQuery();

                // Purges are rare: forgetting the memory is simpler than matching it, and misses refill it from the file.
                _memory.Clear();
            }
            finally
            {
                _writer.Release();
            }

            removed += chunk;
        }
        while (chunk == PurgeChunk);

        return removed;
    }

    /// <inheritdoc />
    public ValueTask<CacheStoreSize> MeasureAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_disposed, this);
        var reader = _readers.Rent();
        try
        {
            var measure = reader.Command(Measure, "$now");
            measure.Parameters[0].Value = SqliteTimestamp.Format(_time.GetUtcNow());
            using var row = measure.ExecuteReader();
            row.Read();
            return ValueTask.FromResult(new CacheStoreSize(row.GetInt64(0), row.GetInt64(1)));
        }
        finally
        {
            _readers.Return(reader);
        }
    }

    /// <summary>
    /// Removes up to <see cref="PurgeChunk"/> expired rows, once per <see cref="SweepInterval"/>; called by the writer
    /// (holding the write turn) after a write, so a cache that stores answers also sheds the ones that expired.
    /// </summary>
    private void SweepExpiredIfDue()
    {
        var now = _time.GetUtcNow();
        if (now < _nextSweep)
        {
            return;
        }

        _nextSweep = now + SweepInterval;
        var sweep = WriteCommand(SweepExpired, "$now", "$chunk");
        sweep.Parameters[0].Value = SqliteTimestamp.Format(now);
        sweep.Parameters[1].Value = PurgeChunk;
        sweep.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _writer.Wait();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _writeConnection.Dispose();
            _readers.Dispose();

            _memory.Clear();
        }
        finally
        {
            _writer.Release();
        }
    }

    private static byte[] KeyBytes(CacheKey key)
    {
        var bytes = new byte[CacheKey.Length];
        key.CopyTo(bytes);
        return bytes;
    }

    private static CacheEntry ReadEntry(CacheKey key, SqliteDataReader row)
    {
        var payload = (byte[])row.GetValue(8);
        var isStream = row.GetInt64(7) != 0;
        return new CacheEntry
        {
            Key = key,
            Scope = row.GetString(1),
            Feature = row.IsDBNull(2) ? null : row.GetString(2),
            Model = row.GetString(3),
            Protocol = Enum.Parse<WireProtocol>(row.GetString(4)),
            Status = row.GetInt32(5),
            ContentType = row.GetString(6),
            Body = isStream ? ReadOnlyMemory<byte>.Empty : payload,
            Events = isStream ? CachePayload.DecodeEvents(payload) : null,
            CreatedAt = SqliteTimestamp.Parse(row.GetString(10)),
            ExpiresAt = SqliteTimestamp.Parse(row.GetString(11)),
            Semantics = ReadSemantics(row, 12),
        };
    }

    /// <summary>The prepared write command for <paramref name="sql"/>; call it holding the writer's turn.</summary>
    private SqliteCommand WriteCommand(string sql, params ReadOnlySpan<string> parameterNames)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _writeConnection.Command(sql, parameterNames);
    }
}
