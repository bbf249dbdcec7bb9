using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// Fields Tollgate does not know travel untouched both ways: the provider receives the client's bytes, and the
/// client receives the provider's bytes.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed partial class PassThroughTests(GatewayFixture fixture)
{
    // Odd spacing, escapes, non-ASCII text, big and exotic numbers and unknown fields at every level: a
    // gateway that re-serialised the body would change at least one of them.
    private const string OpenAIBody = """
        {"model" : "gpt-4o-mini",
          "messages":[{"role":"user","content":"Caf\u00e9 \"quoted\" — naïve ☕","x_message_tag":{"deep":[1,2.50,-0e0]}}],
          "temperature": 0.70, "x_vendor_flag": true, "metadata": {"trace": "abc"}, "x_big": 12345678901234567890123 }
        """;

    private const string AnthropicBody = """
        { "model":"claude-haiku-4-5", "max_tokens": 64,
          "messages":[{"role":"user","content":[{"type":"text","text":"Gr\u00fc\u00dfe ✓","x_block_extra":null}]}],
          "x_vendor_flag": {"nested": [true, false]}, "metadata": {"user_id": "u-1"}  }
        """;

    [Theory]
    [InlineData("v1/chat/completions", OpenAIBody)]
    [InlineData("v1/messages", AnthropicBody)]
    [InlineData("v1/messages/count_tokens", AnthropicBody)]
    public async Task The_provider_receives_the_request_body_byte_for_byte(string path, string body)
    {
        using var response = await fixture.Gateway.Http.SendAsync(Wire.Post(path, body));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        var call = await fixture.Simulator.WaitForRequestAsync(Wire.Header(response, "x-tollgate-request-id"));

        Assert.Equal(body, call.Body);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("""{"x_option":[1, 2]}""")]
    [InlineData("""{"include_usage": false, "x_option": "kept"}""")]
    public async Task An_openai_stream_reaches_the_provider_changed_only_by_include_usage(string? streamOptions)
    {
        var client = JsonNode.Parse(OpenAIBody)!.AsObject();
        client["stream"] = true;
        if (streamOptions is not null)
        {
            client["stream_options"] = JsonNode.Parse(streamOptions);
        }

        var body = client.ToJsonString();
        using var response = await fixture.Gateway.Http.SendAsync(Wire.Post("v1/chat/completions", body), HttpCompletionOption.ResponseHeadersRead);
        await response.Content.ReadAsStringAsync();
        var call = await fixture.Simulator.WaitForRequestAsync(Wire.Header(response, "x-tollgate-request-id"));

        var forwarded = JsonNode.Parse(call.Body!)!.AsObject();
        var options = forwarded["stream_options"]!.AsObject();
        Assert.True(options["include_usage"]!.GetValue<bool>());
        options.Remove("include_usage");
        if (client["stream_options"] is JsonObject clientOptions)
        {
            clientOptions.Remove("include_usage");
        }
        else if (options.Count == 0)
        {
            forwarded.Remove("stream_options");
        }

        Assert.True(JsonNode.DeepEquals(client, forwarded), $"sent {body}\nforwarded {call.Body}");
    }

    [Theory]
    [InlineData("v1/chat/completions", OpenAIBody)]
    [InlineData("v1/messages", AnthropicBody)]
    public async Task The_client_receives_the_provider_response_body_byte_for_byte(string path, string body)
    {
        using var direct = await fixture.Simulator.Http.SendAsync(Wire.Post(path, body));
        using var relayed = await fixture.Gateway.Http.SendAsync(Wire.Post(path, body));
        var directBytes = await direct.Content.ReadAsByteArrayAsync();
        var relayedBytes = await relayed.Content.ReadAsByteArrayAsync();

        Assert.Equal(direct.StatusCode, relayed.StatusCode);
        Assert.Equal(direct.Content.Headers.ContentType, relayed.Content.Headers.ContentType);
        Assert.Contains("service_tier", Encoding.UTF8.GetString(relayedBytes), StringComparison.Ordinal);
        Assert.Equal(WithoutCreated(directBytes), WithoutCreated(relayedBytes));
    }

    /// <summary>The one field two honest answers may differ in: the second they were created.</summary>
    private static string WithoutCreated(byte[] body) => CreatedField().Replace(Encoding.UTF8.GetString(body), "\"created\":0");

    [GeneratedRegex("\"created\":\\d+")]
    private static partial Regex CreatedField();
}
