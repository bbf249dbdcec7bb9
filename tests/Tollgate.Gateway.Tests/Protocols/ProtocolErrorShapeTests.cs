using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Tollgate.Core.Exchange;
using Tollgate.Gateway.Protocols;

namespace Tollgate.Gateway.Tests.Protocols;

/// <summary>The parts of Tollgate's own error bodies that the SDKs read, and which protocol a path speaks.</summary>
public sealed class ProtocolErrorShapeTests
{
    [Fact]
    public void An_openai_error_without_a_param_carries_param_null()
    {
        var error = JsonDocument.Parse(ProtocolErrors.Format(WireProtocol.OpenAI, ErrorTypes.Authentication, "Invalid Tollgate key.")).RootElement.GetProperty("error");

        Assert.Equal(JsonValueKind.Null, error.GetProperty("param").ValueKind);
    }

    [Theory]
    [InlineData(ErrorTypes.NotFound, "invalid_request_error", "unknown_url")]
    [InlineData(ErrorTypes.Internal, "server_error", "internal_error")]
    public void Maps_the_remaining_tollgate_error_types_onto_openai_types_and_codes(string tollgateType, string type, string code)
    {
        var error = JsonDocument.Parse(ProtocolErrors.Format(WireProtocol.OpenAI, tollgateType, "m")).RootElement.GetProperty("error");

        Assert.Equal(type, error.GetProperty("type").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_error_is_written_as_a_json_response_with_its_status_and_length()
    {
        var context = new DefaultHttpContext();
        using var body = new MemoryStream();
        context.Response.Body = body;

        await ProtocolErrors.WriteAsync(context.Response, WireProtocol.Anthropic, 401, ErrorTypes.Authentication, "Invalid Tollgate key.");

        Assert.Equal(401, context.Response.StatusCode);
        Assert.Equal("application/json", context.Response.ContentType);
        Assert.Equal(body.Length, context.Response.ContentLength);
        var root = JsonDocument.Parse(body.ToArray()).RootElement;
        Assert.Equal("authentication_error", root.GetProperty("error").GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("/v1/messages", WireProtocol.Anthropic)]
    [InlineData("/v1/messages/count_tokens", WireProtocol.Anthropic)]
    [InlineData("/V1/Messages", WireProtocol.Anthropic)]
    [InlineData("/v1/messagesx", WireProtocol.OpenAI)]
    [InlineData("/v1/chat/completions", WireProtocol.OpenAI)]
    [InlineData("/v1/unknown", WireProtocol.OpenAI)]
    public void A_path_under_v1_messages_speaks_anthropic_and_any_other_openai(string path, WireProtocol protocol)
    {
        Assert.Equal(protocol, ProtocolErrors.ProtocolOfPath(new PathString(path)));
    }
}
