using System.Text;
using Tollgate.Core.Identity;
using Tollgate.Storage.Embedded.Identity;
using Tollgate.Storage.Embedded.Sqlite;
using Tollgate.Testing;
using Tollgate.Testing.Contracts;

namespace Tollgate.Storage.Embedded.Tests;

public sealed class SqliteVirtualKeyStoreTests : VirtualKeyStoreContract
{
    private readonly TemporaryDirectory _directory = new();

    protected override ValueTask<IVirtualKeyStore> OpenStoreAsync(TimeProvider time) =>
        ValueTask.FromResult<IVirtualKeyStore>(new SqliteVirtualKeyStore(
            SqliteDatabase.Open(Path.Combine(_directory.Path, EmbeddedStorage.DatabaseFileName), new EmbeddedStorageOptions()),
            time));

    protected override ValueTask DeleteStorageAsync()
    {
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task The_secret_is_never_written_to_the_database_files()
    {
        var created = await Store.CreateAsync(new VirtualKeySpec("backend"));
        var files = Directory.GetFiles(_directory.Path);

        // The hash is found by the same scan, so the scan reads the files the key went to.
        Assert.Contains(files, file => Contains(file, VirtualKeySecret.Hash(created.Secret)));
        Assert.DoesNotContain(files, file => Contains(file, created.Secret));
        Assert.DoesNotContain(files, file => Contains(file, created.Secret[VirtualKeySecret.Prefix.Length..]));
    }

    private static bool Contains(string file, string text)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.GetBuffer().AsSpan(0, (int)copy.Length).IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
    }
}
