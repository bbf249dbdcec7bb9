using System.Globalization;
using System.Text.Json;
using Tollgate.Core.Exchange;

namespace Tollgate.Gateway.Protocols;

/// <summary>
/// The problems <see cref="RequestReader"/> refuses a body for, worded as the provider the client speaks to words
/// them, so its SDK shows the message it would have shown had the provider refused the body: OpenAI's
/// <c>Invalid type for 'stream': expected a boolean, but got a string instead.</c> with a <c>param</c> and a
/// <c>code</c>, Anthropic's <c>stream: Input should be a valid boolean</c>.
/// </summary>
internal static class RequestProblems
{
    public static RequestReadResult Missing(WireProtocol protocol, string field) => protocol == WireProtocol.Anthropic
        ? RequestReadResult.Fail($"{field}: Field required", field)
        : RequestReadResult.Fail(
            field == "model" ? "you must provide a model parameter" : $"Missing required parameter: '{field}'.",
            field,
            "missing_required_parameter");

    /// <summary>A field of the wrong JSON type, at the token the reader stands on.</summary>
    /// <param name="protocol">Whose wording.</param>
    /// <param name="field">The field, as OpenAI names it (<c>messages[0]</c>); Anthropic's dotted form is derived.</param>
    /// <param name="openAIExpected">What OpenAI says it expected (<c>a boolean</c>).</param>
    /// <param name="anthropicExpected">What Anthropic says it should be (<c>a valid boolean</c>).</param>
    /// <param name="reader">The reader, standing on the offending value.</param>
    public static RequestReadResult WrongType(WireProtocol protocol, string field, string openAIExpected, string anthropicExpected, ref Utf8JsonReader reader)
    {
        var param = ParamOf(field);
        return protocol == WireProtocol.Anthropic
            ? RequestReadResult.Fail($"{AnthropicPath(field)}: Input should be {anthropicExpected}", param)
            : RequestReadResult.Fail($"Invalid type for '{field}': expected {openAIExpected}, but got {Describe(ref reader)} instead.", param, "invalid_type");
    }

    public static RequestReadResult BelowMinimum(WireProtocol protocol, string field, long value, long minimum) => protocol == WireProtocol.Anthropic
        ? RequestReadResult.Fail(string.Create(CultureInfo.InvariantCulture, $"{field}: Input should be greater than or equal to {minimum}"), field)
        : RequestReadResult.Fail(
            string.Create(CultureInfo.InvariantCulture, $"Invalid '{field}': integer below minimum value. Expected a value >= {minimum}, but got {value} instead."),
            field,
            "integer_below_min_value");

    public static RequestReadResult AboveMaximum(WireProtocol protocol, string field, long value, long maximum) => protocol == WireProtocol.Anthropic
        ? RequestReadResult.Fail(string.Create(CultureInfo.InvariantCulture, $"{field}: Input should be less than or equal to {maximum}"), field)
        : RequestReadResult.Fail(
            string.Create(CultureInfo.InvariantCulture, $"Invalid '{field}': integer above maximum value. Expected a value <= {maximum}, but got {value} instead."),
            field,
            "integer_above_max_value");

    public static RequestReadResult EmptyMessages(WireProtocol protocol) => protocol == WireProtocol.Anthropic
        ? RequestReadResult.Fail("messages: at least one message is required", "messages")
        : RequestReadResult.Fail("Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", "messages", "empty_array");

    /// <summary>
    /// A model name with a control or non-ASCII character: no provider names a model so, and the gateway echoes the
    /// served model in a response header, which cannot carry one.
    /// </summary>
    public static RequestReadResult UnprintableModel(WireProtocol protocol) => protocol == WireProtocol.Anthropic
        ? RequestReadResult.Fail("model: Input should be a model name of printable ASCII characters", "model")
        : RequestReadResult.Fail("Invalid 'model': a model name is printable ASCII characters.", "model", "invalid_value");

    /// <summary>An embeddings <c>input</c> that is empty (OpenAI refuses an empty string and an empty array alike).</summary>
    public static RequestReadResult InvalidInput() =>
        RequestReadResult.Fail("'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.", "input", "invalid_value");

    /// <summary>A field the gateway reads whose text has no UTF-8 form; <paramref name="fault"/> says where, as a strict parser does.</summary>
    public static RequestReadResult UnsoundText(string field, string fault) => RequestReadResult.Fail("The request body is not valid JSON: " + fault, field);

    /// <summary>OpenAI's way of naming what it got: <c>a string</c>, <c>an integer</c>, <c>a decimal</c>, <c>an object</c> …</summary>
    private static string Describe(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => reader.TryGetInt64(out _) ? "an integer" : "a decimal",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        _ => "null",
    };

    /// <summary><c>messages[0]</c> is reported as <c>messages</c>: the param names a top-level field.</summary>
    private static string ParamOf(string field)
    {
        var bracket = field.IndexOf('[', StringComparison.Ordinal);
        return bracket < 0 ? field : field[..bracket];
    }

    /// <summary>Anthropic's location form: <c>messages.0</c> for OpenAI's <c>messages[0]</c>.</summary>
    private static string AnthropicPath(string field) => field.Replace("[", ".", StringComparison.Ordinal).Replace("]", string.Empty, StringComparison.Ordinal);
}
