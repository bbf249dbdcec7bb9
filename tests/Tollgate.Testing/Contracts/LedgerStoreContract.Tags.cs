using Tollgate.Core.Identity;
using Tollgate.Core.Ledger;
using Xunit;

namespace Tollgate.Testing.Contracts;

/// <summary>
/// What every <see cref="ILedgerStore"/> must do with a row's tags: keep them through every state of the row (pending,
/// settled, interrupted), and report spend by the values of one tag, rows without it in the null group.
/// </summary>
public abstract partial class LedgerStoreContract
{
    private static readonly RequestTags Atlas = Tags("project=atlas,env=prod");

    private static RequestTags Tags(string header) =>
        RequestTags.TryParse(header, out var tags, out var error) ? tags : throw new ArgumentException(error, nameof(header));

    private Task<SpendReport> SpendByTagAsync(string tagKey, DateTimeOffset? from = null) =>
        Store.GetSpendAsync(SpendQuery.ByTag(tagKey, from, Noon.AddDays(365))).AsTask();

    private static string Groups(SpendReport report) => string.Join("|", report.Rows.Select(row => $"{row.Group ?? "(none)"}={row.CostUsd}:{row.Requests}"));

    [Fact]
    public async Task Tags_round_trip_with_a_settled_row()
    {
        var row = Settled("req_tagged") with { Tags = Tags("project=atlas, note=a \"quoted\" \\ value, team.lead=ana") };

        await Store.WriteAsync(row);

        var read = await (await OpenAnotherStoreAsync()).GetAsync("req_tagged");
        Assert.Equal(row, read);
        Assert.Equal("note=a \"quoted\" \\ value,project=atlas,team.lead=ana", read!.Tags.ToString());
    }

    [Fact]
    public async Task A_row_without_tags_reads_back_with_none()
    {
        await Store.WriteAsync(Settled("req_plain"));

        Assert.Same(RequestTags.Empty, (await Store.GetAsync("req_plain"))!.Tags);
    }

    [Fact]
    public async Task A_pending_row_carries_its_tags_and_keeps_them_when_interrupted()
    {
        await Store.WriteAsync(Pending("req_in_flight") with { Tags = Atlas });

        Assert.Equal(Atlas, (await Store.GetAsync("req_in_flight"))!.Tags);

        await Store.RecoverInterruptedAsync();

        var interrupted = await Store.GetAsync("req_in_flight");
        Assert.Equal("gateway_interrupted", interrupted!.ErrorType);
        Assert.Equal(Atlas, interrupted.Tags);
    }

    [Fact]
    public async Task Spend_by_tag_groups_rows_by_its_value_and_rows_without_it_in_the_null_group()
    {
        await Store.WriteAsync(Settled("req_1", cost: 1m) with { Tags = Tags("project=atlas,env=prod") });
        await Store.WriteAsync(Settled("req_2", cost: 2m) with { Tags = Tags("project=zeus") });
        await Store.WriteAsync(Settled("req_3", cost: 4m) with { Tags = Tags("env=dev,project=atlas") });
        await Store.WriteAsync(Settled("req_4", cost: 8m));
        await Store.WriteAsync(Settled("req_5", cost: 16m) with { Tags = Tags("env=dev,projects=zeus") });
        await Store.WriteAsync(Pending("req_6") with { Tags = Tags("project=zeus") });

        var report = await SpendByTagAsync("project");

        Assert.Equal("(none)=24:2|atlas=5:2|zeus=2:1", Groups(report));
        Assert.Equal("tag:project", report.GroupBy);
        Assert.Equal((5L, 31m), (report.Totals.Requests, report.Totals.CostUsd));
        Assert.Equal("dev=20:2|(none)=10:2|prod=1:1", Groups(await SpendByTagAsync("ENV")));
    }

    [Fact]
    public async Task Spend_by_a_dotted_tag_key_reads_that_key_whole()
    {
        await Store.WriteAsync(Settled("req_1", cost: 1m) with { Tags = Tags("app.tier=gold,app=x") });
        await Store.WriteAsync(Settled("req_2", cost: 2m) with { Tags = Tags("app=y") });

        Assert.Equal("(none)=2:1|gold=1:1", Groups(await SpendByTagAsync("app.tier")));
        Assert.Equal("y=2:1|x=1:1", Groups(await SpendByTagAsync("app")));
    }

    [Fact]
    public async Task Spend_by_tag_counts_only_the_period_asked()
    {
        await Store.WriteAsync(Settled("req_early", cost: 1m) with { Timestamp = Noon, Tags = Atlas });
        await Store.WriteAsync(Settled("req_late", cost: 2m) with { Timestamp = Noon.AddHours(3), Tags = Atlas });

        Assert.Equal("atlas=2:1", Groups(await SpendByTagAsync("project", from: Noon.AddHours(1))));
    }

    [Fact]
    public async Task Spend_by_tag_without_a_valid_tag_key_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.GetSpendAsync(new SpendQuery(SpendGrouping.Tag, null, Noon)).AsTask());
        Assert.Throws<ArgumentException>(() => SpendQuery.ByTag("no spaces", null, Noon));
    }
}
