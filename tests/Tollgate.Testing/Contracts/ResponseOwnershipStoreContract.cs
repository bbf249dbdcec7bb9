using Tollgate.Core.Responses;
using Xunit;

namespace Tollgate.Testing.Contracts;

/// <summary>
/// What every <see cref="IResponseOwnershipStore"/> must do, written once and run against each implementation: derive
/// a test class and implement <see cref="OpenStoreAsync"/>. xunit makes a new instance per test, so each test starts
/// from empty storage.
/// </summary>
public abstract class ResponseOwnershipStoreContract : StoreContract<IResponseOwnershipStore>
{
    protected static readonly DateTimeOffset Noon = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    protected static ResponseOwner Owner(string responseId, string? keyName = "backend", string? team = "core", DateTimeOffset? createdAt = null) =>
        new(responseId, keyName, team, "openai", createdAt ?? Noon);

    [Fact]
    public async Task A_recorded_response_is_found_with_its_key_team_provider_and_creation_time()
    {
        var owner = new ResponseOwner("resp_1", "backend", "core", "azure-openai", Noon.AddTicks(1234567));

        Assert.True(await Store.RecordAsync(owner));

        Assert.Equal(owner, await Store.FindAsync("resp_1"));
    }

    [Fact]
    public async Task A_response_created_without_a_key_or_team_keeps_both_empty()
    {
        await Store.RecordAsync(Owner("resp_1", keyName: null, team: null));

        var found = await Store.FindAsync("resp_1");

        Assert.Equal((null, null), (found!.KeyName, found.Team));
    }

    [Fact]
    public async Task An_id_never_recorded_finds_no_owner()
    {
        await Store.RecordAsync(Owner("resp_1"));

        Assert.Null(await Store.FindAsync("resp_2"));
    }

    [Fact]
    public async Task Response_ids_are_matched_exactly()
    {
        await Store.RecordAsync(Owner("resp_abc"));

        Assert.Null(await Store.FindAsync("RESP_ABC"));
        Assert.Null(await Store.FindAsync("resp_ab"));
    }

    [Fact]
    public async Task Recording_an_id_again_keeps_its_first_owner()
    {
        await Store.RecordAsync(Owner("resp_1", keyName: "backend", team: "core"));

        Assert.False(await Store.RecordAsync(Owner("resp_1", keyName: "intruder", team: "billing", createdAt: Noon.AddHours(1))));

        Assert.Equal(Owner("resp_1", keyName: "backend", team: "core"), await Store.FindAsync("resp_1"));
    }

    [Fact]
    public async Task An_owner_recorded_through_one_store_is_found_through_another()
    {
        var other = await OpenAnotherStoreAsync();

        await Store.RecordAsync(Owner("resp_1"));

        Assert.Equal(Owner("resp_1"), await other.FindAsync("resp_1"));
    }

    [Fact]
    public async Task Owners_are_kept_across_a_reopen()
    {
        await Store.RecordAsync(Owner("resp_1", team: "core"));
        await Store.RecordAsync(Owner("resp_2", keyName: null, team: null));

        await ReopenAsync();

        Assert.Equal(Owner("resp_1", team: "core"), await Store.FindAsync("resp_1"));
        Assert.Equal(Owner("resp_2", keyName: null, team: null), await Store.FindAsync("resp_2"));
    }

    [Fact]
    public async Task Forgetting_a_response_removes_its_owner_and_no_other()
    {
        await Store.RecordAsync(Owner("resp_1"));
        await Store.RecordAsync(Owner("resp_2"));

        Assert.True(await Store.ForgetAsync("resp_1"));

        Assert.Null(await Store.FindAsync("resp_1"));
        Assert.NotNull(await Store.FindAsync("resp_2"));
    }

    [Fact]
    public async Task Forgetting_an_unknown_response_returns_false()
    {
        await Store.RecordAsync(Owner("resp_1"));

        Assert.False(await Store.ForgetAsync("resp_2"));
    }

    [Fact]
    public async Task A_forgotten_id_can_be_recorded_again()
    {
        await Store.RecordAsync(Owner("resp_1", team: "core"));
        await Store.ForgetAsync("resp_1");

        Assert.True(await Store.RecordAsync(Owner("resp_1", team: "search")));

        Assert.Equal("search", (await Store.FindAsync("resp_1"))!.Team);
    }

    [Fact]
    public async Task Forgetting_a_response_keeps_its_pending_settlement()
    {
        await Store.RecordAsync(Owner("resp_1"));
        await Store.AddPendingSettlementAsync(new PendingSettlement("resp_1", "req_1", Noon));

        await Store.ForgetAsync("resp_1");

        Assert.Equal([new PendingSettlement("resp_1", "req_1", Noon)], await Store.ListPendingSettlementsAsync());
    }

    [Fact]
    public async Task An_empty_store_has_no_pending_settlements()
    {
        Assert.Empty(await Store.ListPendingSettlementsAsync());
    }

    [Fact]
    public async Task Pending_settlements_are_listed_oldest_first_after_a_reopen()
    {
        var later = new PendingSettlement("resp_a", "req_a", Noon.AddMinutes(5));
        var earliest = new PendingSettlement("resp_z", "req_z", Noon);
        var sameTimeB = new PendingSettlement("resp_c", "req_c", Noon.AddMinutes(1));
        var sameTimeA = new PendingSettlement("resp_b", "req_b", Noon.AddMinutes(1));
        foreach (var settlement in new[] { later, earliest, sameTimeB, sameTimeA })
        {
            Assert.True(await Store.AddPendingSettlementAsync(settlement));
        }

        await ReopenAsync();

        Assert.Equal([earliest, sameTimeA, sameTimeB, later], await Store.ListPendingSettlementsAsync());
    }

    [Fact]
    public async Task Adding_a_pending_settlement_again_keeps_the_first()
    {
        await Store.AddPendingSettlementAsync(new PendingSettlement("resp_1", "req_1", Noon));

        Assert.False(await Store.AddPendingSettlementAsync(new PendingSettlement("resp_1", "req_other", Noon.AddHours(1))));

        Assert.Equal([new PendingSettlement("resp_1", "req_1", Noon)], await Store.ListPendingSettlementsAsync());
    }

    [Fact]
    public async Task Completing_a_pending_settlement_removes_it_and_only_it()
    {
        await Store.AddPendingSettlementAsync(new PendingSettlement("resp_1", "req_1", Noon));
        await Store.AddPendingSettlementAsync(new PendingSettlement("resp_2", "req_2", Noon));

        Assert.True(await Store.CompletePendingSettlementAsync("resp_1"));

        Assert.Equal([new PendingSettlement("resp_2", "req_2", Noon)], await Store.ListPendingSettlementsAsync());
    }

    [Fact]
    public async Task Of_two_stores_completing_one_settlement_exactly_one_removes_it()
    {
        var other = await OpenAnotherStoreAsync();
        await Store.AddPendingSettlementAsync(new PendingSettlement("resp_1", "req_1", Noon));

        var completed = await Task.WhenAll(Store.CompletePendingSettlementAsync("resp_1").AsTask(), other.CompletePendingSettlementAsync("resp_1").AsTask());

        Assert.Single(completed, removed => removed);
        Assert.Empty(await other.ListPendingSettlementsAsync());
    }

    [Fact]
    public async Task Purging_removes_owners_and_settlements_created_before_the_cutoff_and_keeps_the_rest()
    {
        await Store.RecordAsync(Owner("resp_old", createdAt: Noon.AddTicks(-1)));
        await Store.RecordAsync(Owner("resp_at", createdAt: Noon));
        await Store.RecordAsync(Owner("resp_new", createdAt: Noon.AddDays(1)));
        await Store.AddPendingSettlementAsync(new PendingSettlement("resp_old", "req_old", Noon.AddDays(-3)));
        await Store.AddPendingSettlementAsync(new PendingSettlement("resp_at", "req_at", Noon));

        var purged = await Store.PurgeAsync(Noon);

        Assert.Equal(new ResponsePurge(Owners: 1, PendingSettlements: 1), purged);
        Assert.Null(await Store.FindAsync("resp_old"));
        Assert.NotNull(await Store.FindAsync("resp_at"));
        Assert.NotNull(await Store.FindAsync("resp_new"));
        Assert.Equal([new PendingSettlement("resp_at", "req_at", Noon)], await Store.ListPendingSettlementsAsync());
    }

    [Fact]
    public async Task Purging_compares_instants_not_their_offsets()
    {
        // 13:00 at +02:00 is 11:00 UTC: before the noon UTC cutoff, although it reads later.
        await Store.RecordAsync(Owner("resp_1", createdAt: new DateTimeOffset(2025, 3, 1, 13, 0, 0, TimeSpan.FromHours(2))));

        Assert.Equal(1, (await Store.PurgeAsync(Noon)).Owners);
        Assert.Null(await Store.FindAsync("resp_1"));
    }

    [Fact]
    public async Task Purging_removes_every_old_row_however_many()
    {
        const int Count = 1_234;
        for (var i = 0; i < Count; i++)
        {
            await Store.RecordAsync(Owner($"resp_{i}", createdAt: Noon.AddDays(-40).AddSeconds(i)));
        }

        await Store.RecordAsync(Owner("resp_recent", createdAt: Noon));

        var purged = await Store.PurgeAsync(Noon.AddDays(-30));

        Assert.Equal(Count, purged.Owners);
        Assert.Null(await Store.FindAsync($"resp_{Count - 1}"));
        Assert.NotNull(await Store.FindAsync("resp_recent"));
        Assert.Equal(0, (await Store.PurgeAsync(Noon.AddDays(-30))).Owners);
    }

    [Fact]
    public async Task Concurrent_writers_through_two_stores_record_every_response()
    {
        var other = await OpenAnotherStoreAsync();
        var writes = Enumerable.Range(0, 400).Select(i =>
            Task.Run(async () =>
            {
                var store = i % 2 == 0 ? Store : other;
                await store.RecordAsync(Owner($"resp_{i}", team: $"team-{i % 7}"));
                if (i % 4 == 0)
                {
                    await store.AddPendingSettlementAsync(new PendingSettlement($"resp_{i}", $"req_{i}", Noon.AddSeconds(i)));
                }
            })).ToArray();

        await Task.WhenAll(writes);

        for (var i = 0; i < 400; i++)
        {
            Assert.Equal(Owner($"resp_{i}", team: $"team-{i % 7}"), await other.FindAsync($"resp_{i}"));
        }

        Assert.Equal(100, (await Store.ListPendingSettlementsAsync()).Count);
    }

    [Fact]
    public async Task Recording_with_a_cancelled_token_records_nothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.RecordAsync(Owner("resp_1"), cancelled.Token).AsTask());

        Assert.Null(await Store.FindAsync("resp_1"));
    }

    [Fact]
    public async Task An_empty_response_id_is_refused()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.RecordAsync(Owner("")).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.AddPendingSettlementAsync(new PendingSettlement("", "req_1", Noon)).AsTask());
    }

    [Fact]
    public async Task A_pending_settlement_without_its_ledger_request_id_is_refused()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.AddPendingSettlementAsync(new PendingSettlement("resp_1", "", Noon)).AsTask());

        Assert.Empty(await Store.ListPendingSettlementsAsync());
    }
}
