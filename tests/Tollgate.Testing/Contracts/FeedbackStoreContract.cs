using Microsoft.Extensions.Time.Testing;
using Tollgate.Core.Feedback;
using Xunit;

namespace Tollgate.Testing.Contracts;

/// <summary>
/// What every <see cref="IFeedbackStore"/> must do, written once and run against each implementation: derive a test
/// class and implement <see cref="StoreContract{TStore}.OpenStoreAsync"/> with a store that reads the time from
/// <see cref="Time"/>. xunit makes a new instance per test, so each test starts from empty storage.
/// </summary>
public abstract class FeedbackStoreContract : StoreContract<IFeedbackStore>
{
    protected static readonly DateTimeOffset Noon = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The clock every store opened by the test must use.</summary>
    protected FakeTimeProvider Time { get; } = new(Noon);

    [Fact]
    public async Task A_request_without_feedback_has_none()
    {
        Assert.Null(await Store.GetAsync("req_never"));
    }

    [Fact]
    public async Task Feedback_reads_back_with_who_gave_it_and_when()
    {
        var recorded = await Store.RecordAsync("req_1", usable: false, keyName: "backend");

        var expected = new OutputFeedback("req_1", false, "backend", Noon, Noon);
        Assert.Equal(expected, recorded);
        Assert.Equal(expected, await Store.GetAsync("req_1"));
    }

    [Fact]
    public async Task The_last_word_wins_and_the_first_time_is_kept()
    {
        await Store.RecordAsync("req_1", usable: false, keyName: "backend");
        Time.Advance(TimeSpan.FromMinutes(5));

        var recorded = await Store.RecordAsync("req_1", usable: true, keyName: "reviewer");

        var expected = new OutputFeedback("req_1", true, "reviewer", Noon, Noon.AddMinutes(5));
        Assert.Equal(expected, recorded);
        Assert.Equal(expected, await Store.GetAsync("req_1"));
    }

    [Fact]
    public async Task Feedback_on_one_request_leaves_the_others_alone()
    {
        await Store.RecordAsync("req_1", usable: true, keyName: null);
        await Store.RecordAsync("req_2", usable: false, keyName: null);

        Assert.Equal((true, false), ((await Store.GetAsync("req_1"))!.Usable, (await Store.GetAsync("req_2"))!.Usable));
        Assert.Null((await Store.GetAsync("req_1"))!.KeyName);
    }

    [Fact]
    public async Task Feedback_is_durable_and_seen_by_another_handle_on_the_same_data()
    {
        await Store.RecordAsync("req_1", usable: true, keyName: "backend");
        var other = await OpenAnotherStoreAsync();

        await ReopenAsync();

        Assert.True((await Store.GetAsync("req_1"))!.Usable);
        Assert.True((await other.GetAsync("req_1"))!.Usable);
    }

    [Fact]
    public async Task Concurrent_words_on_one_request_leave_one_of_them_whole()
    {
        var words = Enumerable.Range(0, 20).Select(i => Store.RecordAsync("req_1", usable: i % 2 == 0, keyName: "key" + i).AsTask()).ToArray();

        await Task.WhenAll(words);

        var kept = (await Store.GetAsync("req_1"))!;
        Assert.Equal(int.Parse(kept.KeyName!["key".Length..], System.Globalization.CultureInfo.InvariantCulture) % 2 == 0, kept.Usable);
    }
}
