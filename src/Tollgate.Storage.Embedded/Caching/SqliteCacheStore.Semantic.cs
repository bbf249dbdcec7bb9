using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Tollgate.Core.Caching;
using Tollgate.Storage.Embedded.Sqlite;

namespace Tollgate.Storage.Embedded.Caching;

// The semantic parts of the stored entries: read back, a chunk at a time, to rebuild the semantic index.
public sealed partial class SqliteCacheStore
{
    internal const int SemanticChunk = 1_000;

    // Read in rowid order, a chunk per statement, so no read transaction stays open while the caller works on a chunk.
    private const string SelectSemantic =
        "SELECT rowid, key, expires_at, semantic_partition, semantic_prompt, semantic_embedder, semantic_vector FROM cache_entries " +
        "WHERE rowid > $after AND semantic_partition IS NOT NULL AND expires_at > $now ORDER BY rowid LIMIT $chunk;";

    /// <inheritdoc />
    public async IAsyncEnumerable<CacheSemanticRecord> ReadSemanticPartsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long after = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = ReadSemanticChunk(after);
            foreach (var (rowid, record) in chunk)
            {
                after = rowid;
                yield return record;
            }

            if (chunk.Count < SemanticChunk)
            {
                yield break;
            }

            await Task.Yield();
        }
    }

    private List<(long RowId, CacheSemanticRecord Record)> ReadSemanticChunk(long after)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var chunk = new List<(long, CacheSemanticRecord)>();
        var reader = _readers.Rent();
        try
        {
            var select = reader.Command(SelectSemantic, "$after", "$now", "$chunk");
            select.Parameters[0].Value = after;
            select.Parameters[1].Value = SqliteTimestamp.Format(_time.GetUtcNow());
            select.Parameters[2].Value = SemanticChunk;
            using var row = select.ExecuteReader();
            while (row.Read())
            {
                var key = CacheKey.FromHash((byte[])row.GetValue(1));
                var semantics = ReadSemantics(row, 3) ?? throw new InvalidDataException("A cached entry's semantic part is incomplete.");
                chunk.Add((row.GetInt64(0), new CacheSemanticRecord(key, SqliteTimestamp.Parse(row.GetString(2)), semantics)));
            }
        }
        finally
        {
            _readers.Return(reader);
        }

        return chunk;
    }

    /// <summary>The semantic part in the four columns from <paramref name="first"/> on; null when the entry has none.</summary>
    private static CacheEntrySemantics? ReadSemantics(SqliteDataReader row, int first) =>
        row.IsDBNull(first) || row.IsDBNull(first + 1) || row.IsDBNull(first + 2) || row.IsDBNull(first + 3)
            ? null
            : new CacheEntrySemantics
            {
                Partition = CacheKey.FromHash((byte[])row.GetValue(first)),
                Prompt = row.GetString(first + 1),
                Embedder = row.GetString(first + 2),
                Vector = CachePayload.DecodeVector((byte[])row.GetValue(first + 3)),
            };
}
