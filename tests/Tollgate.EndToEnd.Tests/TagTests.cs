using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using Tollgate.Core.Ledger;
using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing.Clients;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// Tags end to end, through the official SDKs: <c>x-tollgate-tags</c> and a key's fixed tags are recorded on the row and
/// reported by <c>/admin/spend?group_by=tag:KEY</c>; a header that breaks a rule, or changes a key's tag, is refused in
/// the protocol's own error shape and never forwarded.
/// </summary>
public sealed class TagTests(KeyedGatewayFixture fixture) : IClassFixture<KeyedGatewayFixture>
{
    private const string ChatBody = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"tag me"}]}""";

    private GatewayServer Gateway => fixture.Gateway;

    [Fact]
    public async Task A_tagged_call_through_the_OpenAI_SDK_is_recorded_and_reported_by_its_tags_value()
    {
        var atlas = "atlas-" + Guid.NewGuid().ToString("N")[..8];
        var zeus = "zeus-" + Guid.NewGuid().ToString("N")[..8];

        var first = await ChatAsync(fixture.OpenKey, $"project={atlas}, Env=prod");
        var second = await ChatAsync(fixture.OpenKey, $"env=dev,project={atlas}");
        var third = await ChatAsync(fixture.PlainKey, $"project={zeus}");
        var untagged = await ChatAsync(fixture.PlainKey, tags: null);

        Assert.Equal($"env=prod,project={atlas}", first.Tags.ToString());
        Assert.Equal($"env=dev,project={atlas}", second.Tags.ToString());
        Assert.True(untagged.Tags.IsEmpty);
        var upstream = await fixture.Simulator.WaitForRequestAsync(first.RequestId);
        Assert.DoesNotContain("x-tollgate-tags", upstream.Headers!["names"].Split(','));

        var report = await SpendAsync("group_by=tag:project");
        Assert.Equal("tag:project", report.GetProperty("group_by").GetString());
        var rows = report.GetProperty("rows").EnumerateArray().ToList();
        var atlasRow = Assert.Single(rows, row => row.GetProperty("group").GetString() == atlas);
        var zeusRow = Assert.Single(rows, row => row.GetProperty("group").GetString() == zeus);
        Assert.Equal(2, atlasRow.GetProperty("requests").GetInt64());
        Assert.Equal(first.CostUsd + second.CostUsd, atlasRow.GetProperty("cost_usd").GetDecimal());
        Assert.Equal((1L, third.CostUsd), (zeusRow.GetProperty("requests").GetInt64(), zeusRow.GetProperty("cost_usd").GetDecimal()));
        Assert.Contains(rows, row => row.GetProperty("group").ValueKind == JsonValueKind.Null); // the untagged call's group
    }

    [Fact]
    public async Task A_keys_tags_are_shown_recorded_on_its_calls_and_added_to_by_the_caller()
    {
        var name = "tagged-" + Guid.NewGuid().ToString("N")[..8];
        var key = await Gateway.CreateKeyAsync(name, tags: new Dictionary<string, string> { ["Project"] = "atlas", ["cost.centre"] = "R&D" });

        var plain = await ChatAsync(key, tags: null);
        var added = await ChatAsync(key, "env=dev, project=atlas");

        Assert.Equal("cost.centre=R&D,project=atlas", plain.Tags.ToString());
        Assert.Equal("cost.centre=R&D,env=dev,project=atlas", added.Tags.ToString());
        using var list = Gateway.AdminRequest(HttpMethod.Get, "admin/keys");
        using var listed = await Gateway.Http.SendAsync(list);
        var shown = Wire.Parse(await listed.Content.ReadAsStringAsync()).EnumerateArray().Single(k => k.GetProperty("name").GetString() == name);
        Assert.Equal(
            [("cost.centre", "R&D"), ("project", "atlas")],
            shown.GetProperty("tags").EnumerateObject().Select(tag => (tag.Name, tag.Value.GetString())));
    }

    [Fact]
    public async Task A_caller_changing_a_keys_tag_is_refused_with_403_recorded_and_not_forwarded()
    {
        var key = await Gateway.CreateKeyAsync("fixed-" + Guid.NewGuid().ToString("N")[..8], tags: new Dictionary<string, string> { ["project"] = "atlas" });

        var refused = await Assert.ThrowsAsync<ClientResultException>(() => SendChatAsync(key, "project=zeus"));

        Assert.Equal(403, refused.Status);
        var error = Wire.Parse(refused.GetRawResponse()!.Content.ToString()).GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString()); // OpenAI's type for a 403
        Assert.Contains("fixes the tag 'project'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        var requestId = RequestId(refused);
        var row = await Gateway.WaitForSettledEntryAsync(requestId);
        Assert.Equal((403, "permission_error", "project=atlas"), (row.Status, row.ErrorType, row.Tags.ToString()));
        Assert.Empty(await fixture.Simulator.GetRequestsAsync(requestId));
    }

    [Fact]
    public async Task A_broken_tags_header_is_a_bad_request_to_the_OpenAI_and_the_Anthropic_SDK()
    {
        var openAI = await Assert.ThrowsAsync<ClientResultException>(() => SendChatAsync(fixture.PlainKey, "project=atlas,env"));
        var anthropicClient = SdkClients.Anthropic(Gateway.BaseAddress, apiKey: fixture.PlainKey).WithOptions(options => options with
        {
            ExtraHeaders = new Dictionary<string, string> { ["x-tollgate-tags"] = "project=a,b" },
        });
        var anthropic = await Assert.ThrowsAsync<AnthropicBadRequestException>(() => anthropicClient.Messages.Create(
            new MessageCreateParams { Model = SdkClients.AnthropicModel, MaxTokens = 10, Messages = [new UserMessageParam("tag me")] }));

        Assert.Equal(400, openAI.Status);
        var error = Wire.Parse(openAI.GetRawResponse()!.Content.ToString()).GetProperty("error");
        Assert.Equal(("invalid_request_error", "x-tollgate-tags: item 2 is not key=value."), (error.GetProperty("type").GetString(), error.GetProperty("message").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, anthropic.StatusCode);
        var body = Wire.Parse(anthropic.ResponseBody);
        Assert.Equal(("error", "invalid_request_error"), (body.GetProperty("type").GetString(), body.GetProperty("error").GetProperty("type").GetString()));
        Assert.StartsWith("x-tollgate-tags: ", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        var requestId = RequestId(openAI);
        Assert.Equal(400, (await Gateway.WaitForSettledEntryAsync(requestId)).Status);
        Assert.Empty(await fixture.Simulator.GetRequestsAsync(requestId));
    }

    [Fact]
    public async Task Broken_key_tags_and_a_bad_tag_grouping_are_refused_with_400()
    {
        using var create = Gateway.AdminRequest(HttpMethod.Post, "admin/keys");
        create.Content = JsonContent.Create(new Dictionary<string, object> { ["name"] = "broken-tags", ["tags"] = new Dictionary<string, string> { ["bad key"] = "x" } });
        using var created = await Gateway.Http.SendAsync(create);
        var createError = Wire.Parse(await created.Content.ReadAsStringAsync()).GetProperty("error");

        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
        Assert.Equal("tags", createError.GetProperty("param").GetString());
        Assert.StartsWith("tags: tag 1 has an invalid key", createError.GetProperty("message").GetString(), StringComparison.Ordinal);
        foreach (var groupBy in new[] { "tag", "tag:", "tag:bad%20key" })
        {
            using var request = Gateway.AdminRequest(HttpMethod.Get, "admin/spend?group_by=" + groupBy);
            using var response = await Gateway.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("tag:KEY", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal("feature", (await SpendAsync("group_by=feature")).GetProperty("group_by").GetString());
    }

    /// <summary>A chat call through the OpenAI SDK with <c>x-tollgate-tags</c> set for this request; its settled row.</summary>
    private async Task<LedgerEntry> ChatAsync(string key, string? tags)
    {
        var result = await SendChatAsync(key, tags);
        Assert.True(result.GetRawResponse().Headers.TryGetValue("x-tollgate-request-id", out var requestId));
        return await Gateway.WaitForSettledEntryAsync(requestId!);
    }

    private Task<ClientResult> SendChatAsync(string key, string? tags)
    {
        var options = new RequestOptions();
        if (tags is not null)
        {
            options.AddHeader("x-tollgate-tags", tags);
        }

        return SdkClients.OpenAIChat(Gateway.BaseAddress, apiKey: key).CompleteChatAsync(BinaryContent.Create(BinaryData.FromString(ChatBody)), options);
    }

    private static string RequestId(ClientResultException exception) =>
        exception.GetRawResponse()!.Headers.TryGetValue("x-tollgate-request-id", out var requestId) ? requestId! : throw new InvalidOperationException("no request id");

    private async Task<JsonElement> SpendAsync(string query)
    {
        using var request = Gateway.AdminRequest(HttpMethod.Get, "admin/spend?" + query);
        using var response = await Gateway.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return Wire.Parse(text);
    }
}
