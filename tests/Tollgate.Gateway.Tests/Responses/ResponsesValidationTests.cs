using System.Text.Json;
using Tollgate.Gateway.Tests.Relay;
using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Responses;

/// <summary>
/// The fields of a <c>POST /v1/responses</c> body the gateway relies on are checked before anything is forwarded: an
/// invalid one gets a 400 in OpenAI's error shape, with its <c>param</c> and <c>code</c>, and never reaches the provider.
/// Every other field is the provider's to judge and passes through untouched.
/// </summary>
[Collection(GoldenRelayCollection.Name)]
public sealed class ResponsesValidationTests(GoldenGatewayFixture fixture)
{
    public static TheoryData<string, string, string> InvalidBodies => new()
    {
        // body, param, code
        { """{"input":"hi"}""", "model", "missing_required_parameter" },
        { """{"model":7,"input":"hi"}""", "model", "invalid_type" },
        { """{"model":"gpt-5-mini"}""", "input", "missing_required_parameter" },
        { """{"model":"gpt-5-mini","input":null}""", "input", "missing_required_parameter" },
        { """{"model":"gpt-5-mini","input":{"role":"user","content":"hi"}}""", "input", "invalid_type" },
        { """{"model":"gpt-5-mini","input":42}""", "input", "invalid_type" },
        { """{"model":"gpt-5-mini","input":"hi","max_output_tokens":0}""", "max_output_tokens", "integer_below_min_value" },
        { """{"model":"gpt-5-mini","input":"hi","max_output_tokens":-1}""", "max_output_tokens", "integer_below_min_value" },
        { """{"model":"gpt-5-mini","input":"hi","max_output_tokens":"many"}""", "max_output_tokens", "invalid_type" },
        { """{"model":"gpt-5-mini","input":"hi","max_output_tokens":12.5}""", "max_output_tokens", "invalid_type" },
        { """{"model":"gpt-5-mini","input":"hi","max_output_tokens":4294967296}""", "max_output_tokens", "integer_above_max_value" },
        { """{"model":"gpt-5-mini","input":"hi","stream":"true"}""", "stream", "invalid_type" },
        { """{"model":"gpt-5-mini","input":"hi","background":1}""", "background", "invalid_type" },
        { """{"model":"gpt-5-mini","input":"hi","store":"no"}""", "store", "invalid_type" },
        { """{"model":"gpt-5-mini","input":"hi","previous_response_id":12}""", "previous_response_id", "invalid_type" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task An_invalid_field_gets_openais_400_and_never_reaches_the_provider(string body, string param, string code)
    {
        var call = await fixture.CallAsync(new GoldenResponse("responses/response.json"), "v1/responses", body);

        Assert.True(call.Status == 400, $"expected 400, got {call.Status}: {System.Text.Encoding.UTF8.GetString(call.Body)}");
        Assert.Equal("application/json", call.Header("Content-Type"));
        var error = JsonDocument.Parse(call.Body).RootElement.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Null(fixture.Upstream.ReceivedFor(call.RequestId));
    }

    [Fact]
    public async Task A_max_output_tokens_below_one_is_refused_in_openais_own_words()
    {
        var call = await fixture.CallAsync(new GoldenResponse("responses/response.json"), "v1/responses", """{"model":"gpt-5-mini","input":"hi","max_output_tokens":0}""");

        var error = JsonDocument.Parse(call.Body).RootElement.GetProperty("error");
        Assert.Equal("Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 1, but got 0 instead.", error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("""{"model":"gpt-5-mini","previous_response_id":"resp_68a1f3d5e6f7a8b9c0d1e2f3a4b5c6d7e8f90a1b2c3d4e5f"}""")]
    [InlineData("""{"model":"gpt-5-mini","conversation":"conv_689667905b048191b4740501625afd940c7533ace33a2dab"}""")]
    [InlineData("""{"model":"gpt-5-mini","prompt":{"id":"pmpt_68a2e0f1a2b3c4d5","version":"2"}}""")]
    [InlineData("""{"model":"gpt-5-mini","input":[],"max_output_tokens":16,"stream":false,"background":false,"store":false}""")]
    public async Task A_body_that_continues_stored_state_or_has_the_smallest_valid_values_reaches_the_provider(string body)
    {
        var call = await fixture.CallAsync(new GoldenResponse("responses/response.json"), "v1/responses", body);

        Assert.Equal(200, call.Status);
        Assert.Equal(body, fixture.Upstream.ReceivedFor(call.RequestId)?.Body);
    }

    [Fact]
    public async Task Fields_the_gateway_does_not_read_pass_through_untouched()
    {
        var body = """{"model":"gpt-5-mini","input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"Grüß dich"}]},{"type":"function_call_output","call_id":"call_1","output":"{\"ok\":true}"}],"text":{"format":{"type":"json_schema","name":"x","schema":{"type":"object"}}},"include":["reasoning.encrypted_content"],"metadata":{"ticket":"T-1"},"a_future_field":{"nested":[1,2.50,"\u00e9"]}}""";
        var call = await fixture.CallAsync(new GoldenResponse("responses/response.json"), "v1/responses", body);

        Assert.Equal(200, call.Status);
        Assert.Equal(body, fixture.Upstream.ReceivedFor(call.RequestId)?.Body);
    }
}
