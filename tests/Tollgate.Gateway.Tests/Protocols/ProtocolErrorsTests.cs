using System.Text.Json;
using Tollgate.Core.Exchange;
using Tollgate.Gateway.Protocols;

namespace Tollgate.Gateway.Tests.Protocols;

public sealed class ProtocolErrorsTests
{
    [Fact]
    public void Openai_errors_have_message_type_param_and_code()
    {
        var error = JsonDocument.Parse(ProtocolErrors.Format(WireProtocol.OpenAI, ErrorTypes.InvalidRequest, "'model' is required.", "model")).RootElement.GetProperty("error");

        Assert.Equal("'model' is required.", error.GetProperty("message").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("model", error.GetProperty("param").GetString());
        Assert.Equal(JsonValueKind.String, error.GetProperty("code").ValueKind);
    }

    [Fact]
    public void Anthropic_errors_are_typed_error_envelopes()
    {
        var root = JsonDocument.Parse(ProtocolErrors.Format(WireProtocol.Anthropic, ErrorTypes.Authentication, "Invalid Tollgate key.")).RootElement;

        Assert.Equal("error", root.GetProperty("type").GetString());
        Assert.Equal("authentication_error", root.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("Invalid Tollgate key.", root.GetProperty("error").GetProperty("message").GetString());
    }

    [Theory]
    [InlineData(ErrorTypes.Authentication, "invalid_request_error", "invalid_api_key")]
    [InlineData(ErrorTypes.BudgetExceeded, "budget_exceeded", "budget_exceeded")]
    [InlineData(ErrorTypes.UpstreamUnreachable, "server_error", "upstream_unreachable")]
    [InlineData(ErrorTypes.RateLimit, "requests", "rate_limit_exceeded")]
    public void Maps_tollgate_error_types_onto_openai_types_and_codes(string tollgateType, string type, string code)
    {
        var error = JsonDocument.Parse(ProtocolErrors.Format(WireProtocol.OpenAI, tollgateType, "m")).RootElement.GetProperty("error");

        Assert.Equal(type, error.GetProperty("type").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
    }

    [Fact]
    public void Upstream_failures_are_api_errors_on_anthropic_routes()
    {
        var root = JsonDocument.Parse(ProtocolErrors.Format(WireProtocol.Anthropic, ErrorTypes.UpstreamTimeout, "slow")).RootElement;

        Assert.Equal("api_error", root.GetProperty("error").GetProperty("type").GetString());
    }
}
