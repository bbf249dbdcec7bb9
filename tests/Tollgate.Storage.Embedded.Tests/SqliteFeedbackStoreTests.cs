using Tollgate.Core.Feedback;
using Tollgate.Storage.Embedded.Feedback;
using Tollgate.Storage.Embedded.Sqlite;
using Tollgate.Testing;
using Tollgate.Testing.Contracts;

namespace Tollgate.Storage.Embedded.Tests;

/// <summary>The feedback contract on the embedded backend: the table <c>feedback</c> of <c>tollgate.db</c>.</summary>
public sealed class SqliteFeedbackStoreTests : FeedbackStoreContract
{
    private readonly TemporaryDirectory _directory = new();

    private string DatabasePath => Path.Combine(_directory.Path, EmbeddedStorage.DatabaseFileName);

    protected override ValueTask<IFeedbackStore> OpenStoreAsync() =>
        ValueTask.FromResult<IFeedbackStore>(new SqliteFeedbackStore(SqliteDatabase.Open(DatabasePath, new EmbeddedStorageOptions()), Time));

    protected override ValueTask DeleteStorageAsync()
    {
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task The_gateway_storage_opens_the_feedback_it_kept()
    {
        await using (var storage = EmbeddedStorage.Open(_directory.Path))
        {
            await storage.Feedback.RecordAsync("req_1", usable: false, keyName: "backend");
        }

        await using var reopened = EmbeddedStorage.Open(_directory.Path);

        Assert.False((await reopened.Feedback.GetAsync("req_1"))!.Usable);
    }
}
