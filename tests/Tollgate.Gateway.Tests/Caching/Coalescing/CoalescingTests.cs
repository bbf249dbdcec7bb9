using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Text;
using OpenAI;
using OpenAI.Chat;
using Tollgate.Testing.Clients;
using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Caching.Coalescing;

/// <summary>
/// Concurrent identical cacheable requests make one upstream call, through the HTTP surface with the official SDKs in
/// front of a slowed-down <c>tollgate simulate</c>. Each test asks its own question (a fresh marker in the prompt), so
/// the simulator's log and the ledger show its calls alone.
/// </summary>
public sealed class CoalescingTests : IClassFixture<CoalescingFixture>
{
    private readonly CoalescingFixture _fixture;

    public CoalescingTests(CoalescingFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Fifty_concurrent_identical_requests_streaming_or_not_make_one_upstream_call_and_every_client_gets_the_whole_answer()
    {
        var (prompt, user) = Question("fifty");
        _fixture.Gate.HoldLeaders(50);

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => i % 2 == 0 ? StreamAsync(prompt, user) : WholeAsync(prompt, user))));

        var call = await OneUpstreamCallAsync(prompt);
        Assert.True(call.Completed);
        var reference = await DirectAnswerAsync(prompt);
        Assert.All(answers, answer =>
        {
            Assert.Equal(reference, answer.Text);
            Assert.Equal(ChatFinishReason.Stop, answer.Finish);
            Assert.NotNull(answer.Usage);
            Assert.True(answer.Usage!.OutputTokenCount > 0);
        });
        var rows = await _fixture.RowsAsync(user);
        Assert.Equal(50, rows.Count);
        var live = Assert.Single(rows, row => row.CacheStatus == "miss");
        Assert.Null(live.Lever);
        Assert.True(live.CostUsd > 0, $"the live call costs its usage, not {live.CostUsd}");
        var coalesced = rows.Where(row => row.CacheStatus == "coalesced").ToList();
        Assert.Equal(49, coalesced.Count);
        Assert.All(coalesced, row =>
        {
            Assert.Equal("coalesced", row.Lever);
            Assert.Equal(0m, row.CostUsd);
            Assert.Equal(live.CostUsd, row.BaselineCostUsd);
            Assert.Equal(0, row.Attempts);
            Assert.Equal(200, row.Status);
        });
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_waiter_that_asked_for_the_other_form_gets_the_leaders_answer_in_its_own(bool leaderStreams)
    {
        var (prompt, user) = Question("other-form");
        _fixture.Gate.HoldLeaders(3);
        var leader = Task.Run(() => leaderStreams ? StreamAsync(prompt, user) : WholeAsync(prompt, user));
        await _fixture.Gate.Holding;

        var waiters = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => leaderStreams ? WholeAsync(prompt, user) : StreamAsync(prompt, user))));

        await OneUpstreamCallAsync(prompt);
        var reference = await DirectAnswerAsync(prompt);
        Assert.Equal(reference, (await leader).Text);
        Assert.All(waiters, answer =>
        {
            Assert.Equal(reference, answer.Text);
            Assert.Equal(ChatFinishReason.Stop, answer.Finish);
            Assert.NotNull(answer.Usage);
        });
        var rows = await _fixture.RowsAsync(user);
        var live = Assert.Single(rows, row => row.CacheStatus == "miss");
        Assert.All(rows.Where(row => row != live), row =>
        {
            Assert.Equal(("coalesced", 0m, 200), (row.CacheStatus, row.CostUsd, row.Status));
            Assert.Equal(live.CostUsd, row.BaselineCostUsd);
        });
    }

    [Fact]
    public async Task Identical_whole_calls_make_one_upstream_call_and_each_waiter_is_told_it_was_coalesced()
    {
        var (prompt, user) = Question("whole");
        _fixture.Gate.HoldLeaders(5);

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => Chat().CompleteChatAsync([new UserChatMessage(prompt)], Options(user)))));

        await OneUpstreamCallAsync(prompt);
        var reference = await DirectAnswerAsync(prompt);
        Assert.All(results, result => Assert.Equal(reference, result.Value.Content[0].Text));
        Assert.Equal(["coalesced", "coalesced", "coalesced", "coalesced", "miss"], results.Select(result => CacheHeader(result.GetRawResponse())).Order());
        var rows = await _fixture.RowsAsync(user);
        var live = Assert.Single(rows, row => row.CacheStatus == "miss");
        Assert.All(rows.Where(row => row != live), row =>
        {
            Assert.Equal(("coalesced", "coalesced", 0m, 0), (row.CacheStatus, row.Lever, row.CostUsd, row.Attempts));
            Assert.Equal(live.CostUsd, row.BaselineCostUsd);
        });
    }

    [Fact]
    public async Task The_leaders_client_leaving_mid_stream_does_not_cut_the_others()
    {
        var (prompt, user) = Question("leader-leaves");
        _fixture.Gate.HoldLeaders(4);
        var leader = Task.Run(() => LeaveAfterFirstTextAsync(prompt, user));
        await _fixture.Gate.Holding;
        var others = Enumerable.Range(0, 3).Select(_ => Task.Run(() => StreamAsync(prompt, user))).ToList();

        await leader;
        Assert.Equal(1, await _fixture.Simulator.GetInFlightAsync()); // the leader left while the call was still streaming
        var answers = await Task.WhenAll(others);

        var call = await OneUpstreamCallAsync(prompt);
        Assert.True(call.Completed, "the upstream call ran to its end");
        var reference = await DirectAnswerAsync(prompt);
        Assert.All(answers, answer =>
        {
            Assert.Equal(reference, answer.Text);
            Assert.Equal(ChatFinishReason.Stop, answer.Finish);
        });
    }

    [Fact]
    public async Task When_every_client_leaves_the_upstream_call_is_cancelled()
    {
        var (prompt, user) = Question("all-leave");
        _fixture.Gate.HoldLeaders(3);

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => LeaveAfterFirstTextAsync(prompt, user))));

        var call = await OneUpstreamCallAsync(prompt);
        Assert.False(call.Completed, "the upstream call was cancelled before its end");
        await Poll.UntilAsync(async () => await _fixture.Simulator.GetInFlightAsync() == 0, TimeSpan.FromSeconds(15), "the simulator to have no call in flight");
    }

    [Fact]
    public async Task A_provider_error_reaches_every_waiter_as_the_same_error_from_one_upstream_call()
    {
        var (prompt, user) = Question("error [[fault:500]]");
        _fixture.Gate.HoldLeaders(5);

        var errors = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() =>
            Assert.ThrowsAsync<ClientResultException>(() => Chat().CompleteChatAsync([new UserChatMessage(prompt)], Options(user))))));

        var call = await OneUpstreamCallAsync(prompt);
        Assert.Equal(500, call.Status);
        Assert.All(errors, error => Assert.Equal(500, error.Status));
        Assert.Single(errors.Select(error => error.Message).Distinct());
        Assert.Equal(["coalesced", "coalesced", "coalesced", "coalesced", "miss"], errors.Select(error => CacheHeader(error.GetRawResponse()!)).Order());
        var rows = await _fixture.RowsAsync(user);
        Assert.Equal(4, rows.Count(row => row.CacheStatus == "coalesced" && row.Status == 500 && row.Attempts == 0 && row.CostUsd == 0m));
    }

    [Fact]
    public async Task A_stream_the_provider_cuts_is_cut_for_every_streaming_waiter_and_refused_to_a_whole_one()
    {
        var (prompt, user) = Question("cut [[fault:stream-cut]]");
        _fixture.Gate.HoldLeaders(4);
        var leader = Task.Run(() => Record.ExceptionAsync(() => StreamAsync(prompt, user)));
        await _fixture.Gate.Holding;

        var streams = Enumerable.Range(0, 2).Select(_ => Task.Run(() => Record.ExceptionAsync(() => StreamAsync(prompt, user)))).ToList();
        var whole = Task.Run(() => Assert.ThrowsAsync<ClientResultException>(() => WholeAsync(prompt, user)));

        Assert.NotNull(await leader);
        Assert.All(await Task.WhenAll(streams), Assert.NotNull);
        Assert.Equal(502, (await whole).Status);
        Assert.Contains("upstream_stream_cut", (await whole).Message, StringComparison.Ordinal);
        var call = await OneUpstreamCallAsync(prompt);
        Assert.False(call.Completed);
    }

    [Fact]
    public async Task A_refusal_that_belongs_to_the_leader_is_not_shared_and_a_waiter_leads_instead()
    {
        var (prompt, user) = Question("own-refusal");
        var refused = user + "-over-budget";
        _fixture.Gate.HoldLeaders(4, 3);
        _fixture.Gate.RefusedUser = refused;
        var leader = Task.Run(() => Assert.ThrowsAsync<ClientResultException>(() => StreamAsync(prompt, refused)));
        await _fixture.Gate.Holding;

        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => StreamAsync(prompt, user))));

        Assert.Equal(402, (await leader).Status);
        await OneUpstreamCallAsync(prompt);
        var reference = await DirectAnswerAsync(prompt);
        Assert.All(answers, answer => Assert.Equal(reference, answer.Text));
        var rows = await _fixture.RowsAsync(user);
        Assert.Equal(["coalesced", "coalesced", "miss"], rows.Select(row => row.CacheStatus).Order());
        var refusal = Assert.Single(await _fixture.RowsAsync(refused));
        Assert.Equal(402, refusal.Status);
        Assert.Equal(0, refusal.Attempts);
    }

    [Theory]
    [InlineData(0.7, null)]
    [InlineData(0.0, "no-cache")]
    [InlineData(0.0, "no-store")]
    public async Task Requests_that_may_not_be_answered_from_another_call_are_never_coalesced(double temperature, string? cacheControl)
    {
        var (prompt, user) = Question("alone");
        _fixture.Gate.HoldLeaders();

        var statuses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            var body = $$"""{"model":"{{SdkClients.OpenAIModel}}","temperature":{{temperature}},"user":"{{user}}","messages":[{"role":"user","content":"{{prompt}}"}]}""";
            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            if (cacheControl is not null)
            {
                request.Headers.TryAddWithoutValidation("cache-control", cacheControl);
            }

            using var response = await _fixture.Http.SendAsync(request);
            return response.StatusCode;
        })));

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        await Poll.UntilAsync(async () => (await _fixture.UpstreamCallsAsync(prompt)).Count == 3, TimeSpan.FromSeconds(15), "three upstream calls");
        Assert.DoesNotContain(await _fixture.RowsAsync(user), row => row.CacheStatus == "coalesced");
    }

    /// <summary>A question no other test asks, and the user its calls are ledgered under.</summary>
    private static (string Prompt, string User) Question(string name)
    {
        var marker = Guid.NewGuid().ToString("N");
        return ($"Coalescing test {name} {marker}: what is a toll gate?", "coalescing-" + marker);
    }

    private ChatClient Chat() => SdkClients.OpenAIChat(_fixture.BaseAddress);

    private static ChatCompletionOptions Options(string user) => new() { Temperature = 0, EndUserId = user };

    /// <summary>
    /// Streams until the first text arrives, then leaves. The connection is closed, not drained: by default the client
    /// would read the rest of the stream (for up to 2 s) to reuse the connection, and the gateway would see no one leave.
    /// </summary>
    private async Task LeaveAfterFirstTextAsync(string prompt, string user)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0, ResponseDrainTimeout = TimeSpan.Zero });
        var chat = new ChatClient(SdkClients.OpenAIModel, new ApiKeyCredential("sk-client-unused"), new OpenAIClientOptions
        {
            Endpoint = new Uri(_fixture.BaseAddress, "v1"),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            Transport = new HttpClientPipelineTransport(http),
        });
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage(prompt)], Options(user)))
        {
            if (update.ContentUpdate.Count > 0)
            {
                return;
            }
        }

        Assert.Fail("The stream ended before its first text.");
    }

    private async Task<StreamedAnswer> StreamAsync(string prompt, string user)
    {
        var text = new StringBuilder();
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        await foreach (var update in Chat().CompleteChatStreamingAsync([new UserChatMessage(prompt)], Options(user)))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }

        return new StreamedAnswer(text.ToString(), finish, usage);
    }

    private static string CacheHeader(PipelineResponse response) =>
        response.Headers.TryGetValue("x-tollgate-cache", out var value) ? value! : "(none)";

    private async Task<StreamedAnswer> WholeAsync(string prompt, string user)
    {
        ChatCompletion completion = await Chat().CompleteChatAsync([new UserChatMessage(prompt)], Options(user));
        return new StreamedAnswer(completion.Content[0].Text, completion.FinishReason, completion.Usage);
    }

    /// <summary>The simulator's answer to <paramref name="prompt"/>, asked directly.</summary>
    private async Task<string> DirectAnswerAsync(string prompt)
    {
        var completion = await SdkClients.OpenAIChat(_fixture.Simulator.BaseAddress).CompleteChatAsync([new UserChatMessage(prompt)], new ChatCompletionOptions { Temperature = 0 });
        return completion.Value.Content[0].Text;
    }

    /// <summary>The one upstream call made for <paramref name="prompt"/>, once the simulator has logged it; fails if it made more.</summary>
    private async Task<UpstreamCall> OneUpstreamCallAsync(string prompt)
    {
        var calls = await Poll.UntilAsync(
            async () => await _fixture.UpstreamCallsAsync(prompt) is { Count: > 0 } logged ? logged : null,
            TimeSpan.FromSeconds(30),
            "the simulator to log the upstream call");
        return Assert.Single(calls);
    }

    private sealed record StreamedAnswer(string Text, ChatFinishReason? Finish, ChatTokenUsage? Usage);
}
