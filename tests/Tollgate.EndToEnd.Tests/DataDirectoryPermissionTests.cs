using System.Runtime.Versioning;
using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// What the gateway writes to its data directory (the ledger database with its WAL and shared-memory files, the
/// intent journals) is its owner's alone: the directory is created 0700 and every file in it 0600.
/// </summary>
[Collection(GatewayCollection.Name)]
[UnsupportedOSPlatform("windows")]
public sealed class DataDirectoryPermissionTests(GatewayFixture fixture)
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task A_new_data_directory_and_every_file_in_it_are_readable_by_the_owner_only()
    {
        using var parent = new TemporaryDirectory();
        var data = Path.Combine(parent.Path, "data");
        await using (var gateway = await GatewayServer.StartAsync(fixture.Simulator, new GatewayServerOptions { DataDirectory = data }))
        {
            // A call writes an intent, then a ledger row: the journal and the WAL exist while the gateway runs.
            using var response = await gateway.Http.SendAsync(Wire.Post("v1/chat/completions", """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"whose files?"}]}"""));
            Assert.Equal(200, (int)response.StatusCode);
            await gateway.WaitForSettledEntryAsync(Wire.Header(response, "x-tollgate-request-id"));

            var files = Directory.GetFiles(data).Select(Path.GetFileName).ToArray();
            Assert.Contains("tollgate.db", files);
            Assert.Contains("tollgate.db-wal", files);
            Assert.Contains("tollgate.db-shm", files);
            Assert.Contains(files, name => name!.StartsWith("ledger-intents.", StringComparison.Ordinal));
            Assert.Equal(OwnerOnlyDirectory, File.GetUnixFileMode(data));
            Assert.All(Directory.GetFiles(data), file => Assert.True(File.GetUnixFileMode(file) == OwnerOnlyFile, $"{Path.GetFileName(file)} is {File.GetUnixFileMode(file)}"));
        }
    }
}
