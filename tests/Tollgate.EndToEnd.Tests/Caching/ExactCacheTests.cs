// The official SDK marks its Responses client experimental (OPENAI001); the cache must serve it as it ships.
#pragma warning disable OPENAI001

using Anthropic.Models.Messages;
using OpenAI.Chat;
using OpenAI.Responses;
using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;

namespace Tollgate.EndToEnd.Tests.Caching;

/// <summary>
/// The exact cache through the HTTP surface with the official SDKs, on each protocol: the second identical
/// deterministic call is answered from the store without an upstream call (counted on the simulator), and its ledger
/// row costs nothing and credits what the live call cost to the exact lever. Each test asks its own question, so the
/// tests share one gateway without sharing entries.
/// </summary>
public sealed class ExactCacheTests(AlwaysCachedFeatureGateway fixture) : IClassFixture<AlwaysCachedFeatureGateway>, IDisposable
{
    private readonly CacheClients _clients = new(fixture.BaseAddress);

    public void Dispose() => _clients.Dispose();

    [Fact]
    public async Task Second_identical_temperature_0_chat_completion_is_a_hit_that_makes_no_upstream_call()
    {
        var prompt = Prompt("Classify the mood of: the deploy went fine");
        var stored = await fixture.EntriesAsync();

        var live = await _clients.Chat.CompleteChatAsync([new UserChatMessage(prompt)], CacheClients.Deterministic());
        await fixture.WaitForEntriesAsync(stored + 1);
        var hit = await _clients.Chat.CompleteChatAsync([new UserChatMessage(prompt)], CacheClients.Deterministic());

        Assert.Equal("miss", CacheClients.Header(live, "x-tollgate-cache"));
        Assert.Equal("hit", CacheClients.Header(hit, "x-tollgate-cache"));
        Assert.Equal(live.Value.Content[0].Text, hit.Value.Content[0].Text);
        Assert.Equal(1, await fixture.UpstreamCallsAsync(prompt));
        await AssertHitRowAsync(CacheClients.Header(live, "x-tollgate-request-id")!, CacheClients.Header(hit, "x-tollgate-request-id")!);
        Assert.Equal("0", CacheClients.Header(hit, "x-tollgate-cost-usd"));
    }

    [Fact]
    public async Task Second_identical_temperature_0_message_is_a_hit_that_makes_no_upstream_call()
    {
        var prompt = Prompt("Extract the city from: flights to Lisbon");
        // This SDK sends no temperature: the application caches its answers by naming a feature whose policy is always.
        _clients.Headers.Values["x-tollgate-feature"] = AlwaysCachedFeatureGateway.Feature;
        var ask = new MessageCreateParams { Model = "claude-haiku-4-5", MaxTokens = 200, Messages = [new UserMessageParam(prompt)] };
        var stored = await fixture.EntriesAsync();

        using var live = await _clients.Anthropic.WithRawResponse.Messages.Create(ask);
        var liveMessage = await live.Deserialize();
        await fixture.WaitForEntriesAsync(stored + 1);
        using var hit = await _clients.Anthropic.WithRawResponse.Messages.Create(ask);
        var hitMessage = await hit.Deserialize();

        Assert.Equal("miss", Assert.Single(live.GetHeaderValues("x-tollgate-cache")));
        Assert.Equal("hit", Assert.Single(hit.GetHeaderValues("x-tollgate-cache")));
        Assert.True(liveMessage.Content[0].TryPickText(out var liveText));
        Assert.True(hitMessage.Content[0].TryPickText(out var hitText));
        Assert.Equal(liveText.Text, hitText.Text);
        Assert.Equal(1, await fixture.UpstreamCallsAsync(prompt));
        await AssertHitRowAsync(Assert.Single(live.GetHeaderValues("x-tollgate-request-id")), Assert.Single(hit.GetHeaderValues("x-tollgate-request-id")));
    }

    [Fact]
    public async Task Second_identical_temperature_0_response_is_a_hit_that_makes_no_upstream_call()
    {
        var prompt = Prompt("Format as a title: quarterly numbers");
        var ask = new CreateResponseOptions("gpt-4o-mini", [ResponseItem.CreateUserMessageItem(prompt)]) { Temperature = 0 };
        var stored = await fixture.EntriesAsync();

        var live = await _clients.Responses.CreateResponseAsync(ask);
        await fixture.WaitForEntriesAsync(stored + 1);
        var hit = await _clients.Responses.CreateResponseAsync(ask);

        Assert.Equal("miss", CacheClients.Header(live, "x-tollgate-cache"));
        Assert.Equal("hit", CacheClients.Header(hit, "x-tollgate-cache"));
        Assert.Equal(live.Value.GetOutputText(), hit.Value.GetOutputText());
        Assert.Equal(1, await fixture.UpstreamCallsAsync(prompt));
        await AssertHitRowAsync(CacheClients.Header(live, "x-tollgate-request-id")!, CacheClients.Header(hit, "x-tollgate-request-id")!);
    }

    [Fact]
    public async Task A_request_at_temperature_0_7_bypasses_the_cache_and_every_call_goes_upstream()
    {
        var prompt = Prompt("Write a slogan for tea");

        var first = await _clients.Chat.CompleteChatAsync([new UserChatMessage(prompt)], CacheClients.Deterministic(0.7f));
        var second = await _clients.Chat.CompleteChatAsync([new UserChatMessage(prompt)], CacheClients.Deterministic(0.7f));

        Assert.Equal("bypass", CacheClients.Header(first, "x-tollgate-cache"));
        Assert.Equal("bypass", CacheClients.Header(second, "x-tollgate-cache"));
        Assert.Equal(2, await fixture.UpstreamCallsAsync(prompt));
    }

    [Fact]
    public async Task A_request_with_top_k_1_is_deterministic_and_cached()
    {
        var prompt = Prompt("Name the capital of Norway");
        var body = RawCall.Messages(prompt, "\"top_k\":1");
        var stored = await fixture.EntriesAsync();

        var first = await RawCall.PostAsync(fixture.Http, "v1/messages", body);
        await fixture.WaitForEntriesAsync(stored + 1);
        var second = await RawCall.PostAsync(fixture.Http, "v1/messages", body);

        Assert.Equal(("miss", "hit"), (first.Cache, second.Cache));
        Assert.Equal(1, await fixture.UpstreamCallsAsync(prompt));
    }

    [Fact]
    public async Task No_cache_skips_the_lookup_but_stores_the_fresh_answer()
    {
        var prompt = Prompt("Classify: refund requested");
        var stored = await fixture.EntriesAsync();
        var first = await RawCall.PostAsync(fixture.Http, "v1/chat/completions", RawCall.Chat(prompt));
        await fixture.WaitForEntriesAsync(stored + 1);

        var fresh = await RawCall.PostAsync(fixture.Http, "v1/chat/completions", RawCall.Chat(prompt), ("cache-control", "no-cache"));
        var later = await RawCall.PostAsync(fixture.Http, "v1/chat/completions", RawCall.Chat(prompt));

        Assert.Equal(("miss", "miss", "hit"), (first.Cache, fresh.Cache, later.Cache));
        Assert.Equal(2, await fixture.UpstreamCallsAsync(prompt));
    }

    [Fact]
    public async Task No_store_neither_looks_up_a_stored_answer_nor_stores_its_own()
    {
        var stored = await fixture.EntriesAsync();
        var kept = Prompt("Classify: order arrived");
        var first = await RawCall.PostAsync(fixture.Http, "v1/chat/completions", RawCall.Chat(kept));
        await fixture.WaitForEntriesAsync(stored + 1);
        var notLookedUp = await RawCall.PostAsync(fixture.Http, "v1/chat/completions", RawCall.Chat(kept), ("cache-control", "no-store"));

        var unkept = Prompt("Classify: order lost");
        var notStored = await RawCall.PostAsync(fixture.Http, "v1/chat/completions", RawCall.Chat(unkept), ("cache-control", "no-store"));
        await StoreSomethingAsync();
        var afterwards = await RawCall.PostAsync(fixture.Http, "v1/chat/completions", RawCall.Chat(unkept));

        Assert.Equal(("miss", "bypass"), (first.Cache, notLookedUp.Cache));
        Assert.Equal(2, await fixture.UpstreamCallsAsync(kept));
        Assert.Equal(("bypass", "miss"), (notStored.Cache, afterwards.Cache));
        Assert.Equal(2, await fixture.UpstreamCallsAsync(unkept));
    }

    [Fact]
    public async Task Max_age_accepts_an_entry_young_enough_and_refuses_an_older_one()
    {
        var prompt = Prompt("Extract the amount from: pay 40 euros");
        var stored = await fixture.EntriesAsync();
        await RawCall.PostAsync(fixture.Http, "v1/chat/completions", RawCall.Chat(prompt));
        await fixture.WaitForEntriesAsync(stored + 1);

        var young = await RawCall.PostAsync(fixture.Http, "v1/chat/completions", RawCall.Chat(prompt), ("cache-control", "max-age=3600"));
        var tooOld = await RawCall.PostAsync(fixture.Http, "v1/chat/completions", RawCall.Chat(prompt), ("cache-control", "max-age=0"));

        Assert.Equal("hit", young.Cache);
        Assert.Equal("miss", tooOld.Cache);
        Assert.Equal(2, await fixture.UpstreamCallsAsync(prompt));
    }

    [Theory]
    [InlineData("max-age=banana")]
    [InlineData("no-sotre, max-age")]
    [InlineData(",,, max-age=-5 ,")]
    [InlineData("max-age=\"\"")]
    public async Task A_malformed_cache_control_is_ignored_and_never_a_server_error(string header)
    {
        var prompt = Prompt("Classify: " + header.Length);
        var stored = await fixture.EntriesAsync();
        var first = await RawCall.PostAsync(fixture.Http, "v1/chat/completions", RawCall.Chat(prompt), ("cache-control", header));
        await fixture.WaitForEntriesAsync(stored + 1);
        var second = await RawCall.PostAsync(fixture.Http, "v1/chat/completions", RawCall.Chat(prompt), ("cache-control", header));

        Assert.Equal((200, 200), (first.Status, second.Status));
        Assert.Equal(("miss", "hit"), (first.Cache, second.Cache));
    }

    [Fact]
    public async Task A_new_prompt_version_misses_and_the_old_one_still_hits()
    {
        var prompt = Prompt("Summarise: the meeting moved");
        var stored = await fixture.EntriesAsync();
        var v1 = await RawCall.PostAsync(fixture.Http, "v1/chat/completions", RawCall.Chat(prompt), ("x-tollgate-prompt-version", "v1"));
        await fixture.WaitForEntriesAsync(stored + 1);

        var v2 = await RawCall.PostAsync(fixture.Http, "v1/chat/completions", RawCall.Chat(prompt), ("x-tollgate-prompt-version", "v2"));
        var v1Again = await RawCall.PostAsync(fixture.Http, "v1/chat/completions", RawCall.Chat(prompt), ("x-tollgate-prompt-version", "v1"));

        Assert.Equal(("miss", "miss", "hit"), (v1.Cache, v2.Cache, v1Again.Cache));
        Assert.Equal(2, await fixture.UpstreamCallsAsync(prompt));
    }

    [Theory]
    [InlineData("Reply to jane.doe@example.com about the invoice")]
    [InlineData("Is 4111 1111 1111 1111 a valid card")]
    public async Task A_prompt_carrying_personal_data_is_neither_looked_up_nor_stored(string personal)
    {
        var prompt = Prompt(personal);

        var first = await RawCall.PostAsync(fixture.Http, "v1/chat/completions", RawCall.Chat(prompt));
        await StoreSomethingAsync();
        var second = await RawCall.PostAsync(fixture.Http, "v1/chat/completions", RawCall.Chat(prompt));

        Assert.Equal(("bypass", "bypass"), (first.Cache, second.Cache));
        Assert.Equal(2, await fixture.UpstreamCallsAsync(prompt));
    }

    [Fact]
    public async Task An_embedding_request_is_not_cached()
    {
        var call = await RawCall.PostAsync(fixture.Http, "v1/embeddings", """{"model":"text-embedding-3-small","input":"cache me"}""");

        Assert.Equal((200, "bypass"), (call.Status, call.Cache));
    }

    /// <summary>
    /// Stores one more answer and waits for it: answers are stored in the order they are recorded, so every answer
    /// recorded before it has been judged (stored or refused) by then.
    /// </summary>
    private async Task StoreSomethingAsync()
    {
        var stored = await fixture.EntriesAsync();
        await RawCall.PostAsync(fixture.Http, "v1/chat/completions", RawCall.Chat(Prompt("Barrier")));
        await fixture.WaitForEntriesAsync(stored + 1);
    }

    private async Task AssertHitRowAsync(string liveRequestId, string hitRequestId)
    {
        var live = await fixture.RowAsync(liveRequestId);
        var hit = await fixture.RowAsync(hitRequestId);
        Assert.True(live.CostUsd > 0m);
        Assert.Equal(0m, hit.CostUsd);
        Assert.Equal(live.CostUsd, hit.BaselineCostUsd);
        Assert.Equal(Levers.Exact, hit.Lever);
        Assert.Equal(CacheStatuses.Hit, hit.CacheStatus);
        Assert.Equal(CacheStatuses.Miss, live.CacheStatus);
    }

    /// <summary>A question no other test asks, so the entries and upstream calls counted are this test's own.</summary>
    [Fact]
    public async Task A_typed_answer_that_failed_its_schema_is_not_stored_and_its_request_is_asked_upstream_again()
    {
        var invalidPrompt = Prompt("File a ticket, in prose please. [[invalid-json]]");
        var options = new ChatCompletionOptions { Temperature = 0, ResponseFormat = Usable.TicketRequests.Typed.ResponseFormat };
        var stored = await fixture.EntriesAsync();

        var invalid = await _clients.Chat.CompleteChatAsync([new UserChatMessage(invalidPrompt)], options);
        await _clients.Chat.CompleteChatAsync([new UserChatMessage(Prompt("File a ticket: the kettle whistles."))], options);
        await fixture.WaitForEntriesAsync(stored + 1); // the valid answer's entry, stored after the invalid one was passed over
        var again = await _clients.Chat.CompleteChatAsync([new UserChatMessage(invalidPrompt)], options);

        Assert.Equal(("false", "miss"), (CacheClients.Header(invalid, "x-tollgate-valid"), CacheClients.Header(again, "x-tollgate-cache")));
        Assert.Equal(stored + 1, await fixture.EntriesAsync());
    }

    private static string Prompt(string text) => text + " #" + Guid.NewGuid().ToString("N")[..12];
}
