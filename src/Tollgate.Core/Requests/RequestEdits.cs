using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Tollgate.Core.Requests;

/// <summary>
/// The changes levers want made to one request body, kept as data: stages record them as they decide, and the call
/// stage applies them once, to the body exactly as the client sent it, with <see cref="RequestBodyEditor.Apply"/>.
/// No stage ever edits bytes another edit has already moved, and a retry or fallback applies the (possibly
/// changed) edits to the original again instead of editing an edited body.
/// </summary>
/// <remarks>
/// A later edit of the same field wins (model, output limit, one named member); additions (stop sequences,
/// system-prompt text) accumulate in the order recorded. Every edit names the lever that asked for it.
/// An empty instance holds no list or buffer until the first edit, and <see cref="RequestBodyEditor.Apply"/> takes
/// null for an exchange that never made one. One exchange's stages run in turn, so this type is not thread-safe.
/// </remarks>
public sealed class RequestEdits
{
    // The body goes to a provider's JSON API, never into HTML: non-ASCII text stays UTF-8 instead of \u escapes,
    // while quotes, backslashes and control characters are still escaped.
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    // Members the typed edits own: a raw set or removal of them would contradict a typed edit on the same field.
    private static readonly string[] TypedMembers = ["model", "messages", "max_tokens", "max_completion_tokens", "max_output_tokens", "stream_options", "stop", "stop_sequences", "system", "instructions", "tools"];

    private List<RequestEdit>? _inEffect;
    private List<EncodedText>? _stopSequences;
    private List<PropertyEdit>? _properties;

    /// <summary>Whether no edit has been recorded: the body then travels as received.</summary>
    public bool IsEmpty => _inEffect is null;

    /// <summary>The edits in effect, in the order recorded, each with the lever that asked for it.</summary>
    public IReadOnlyList<RequestEdit> InEffect => _inEffect ?? (IReadOnlyList<RequestEdit>)[];

    /// <summary>The model the request is sent for, when a lever changed it.</summary>
    public string? Model { get; private set; }

    /// <summary>The output token limit a lever set, if any.</summary>
    public long? MaxOutputTokens { get; private set; }

    /// <summary>Whether a lever asked an OpenAI chat stream to report its usage.</summary>
    public bool IncludesStreamUsage { get; private set; }

    internal byte[]? ModelJson { get; private set; }

    internal byte[]? MaxOutputTokensJson { get; private set; }

    /// <summary>OpenAI chat: whether a limit the client did not name is added as <c>max_tokens</c> rather than <c>max_completion_tokens</c>.</summary>
    internal bool AddsMaxOutputTokensAsMaxTokens { get; private set; }

    internal List<EncodedText>? StopSequences => _stopSequences;

    /// <summary>Every system-prompt addition, joined by a blank line, escaped for a JSON string, without quotes.</summary>
    internal byte[]? SystemPromptJson { get; private set; }

    internal List<PropertyEdit>? Properties => _properties;

    /// <summary>The Anthropic prompt-cache breakpoints a lever asked for, if any.</summary>
    public CacheBreakpoints? CacheBreakpoints { get; private set; }

    /// <summary>Sends the request for <paramref name="model"/> (every operation with a body).</summary>
    public void SetModel(string model, string lever)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        Model = model;
        ModelJson = Quoted(model);
        Replace(RequestEditKind.Model, new RequestEdit(RequestEditKind.Model, Lever(lever), model));
    }

    /// <summary>
    /// Caps the answer at <paramref name="tokens"/> (chat completions, messages and responses). OpenAI chat: the member
    /// the client used (<c>max_tokens</c> or <c>max_completion_tokens</c>), else <c>max_completion_tokens</c>;
    /// Anthropic: <c>max_tokens</c>; Responses API: <c>max_output_tokens</c>.
    /// </summary>
    public void SetMaxOutputTokens(long tokens, string lever) => SetMaxOutputTokens(tokens, lever, addAsMaxTokens: false);

    /// <summary>
    /// Caps the answer at <paramref name="tokens"/>, as <see cref="SetMaxOutputTokens(long, string)"/> does; an OpenAI chat
    /// request that names no limit gets <c>max_tokens</c> when <paramref name="addAsMaxTokens"/> is true (what models
    /// before the reasoning ones and most OpenAI-compatible servers read), else <c>max_completion_tokens</c> (which the
    /// o-series and GPT-5 require).
    /// </summary>
    public void SetMaxOutputTokens(long tokens, string lever, bool addAsMaxTokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tokens);
        AddsMaxOutputTokensAsMaxTokens = addAsMaxTokens;
        MaxOutputTokens = tokens;
        MaxOutputTokensJson = Encoding.UTF8.GetBytes(tokens.ToString(CultureInfo.InvariantCulture));
        Replace(RequestEditKind.MaxOutputTokens, new RequestEdit(RequestEditKind.MaxOutputTokens, Lever(lever), tokens.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>
    /// Makes an OpenAI chat stream report its usage (<c>stream_options.include_usage: true</c>), keeping the
    /// client's other stream options. Other operations and protocols ignore it.
    /// </summary>
    public void IncludeStreamUsage(string lever)
    {
        IncludesStreamUsage = true;
        Replace(RequestEditKind.StreamUsage, new RequestEdit(RequestEditKind.StreamUsage, Lever(lever), null));
    }

    /// <summary>
    /// Adds a stop sequence after the client's own (chat completions and messages): OpenAI <c>stop</c>, Anthropic
    /// <c>stop_sequences</c>. A sequence already there is not repeated. OpenAI takes at most four: the client's
    /// own are always kept, and additions that do not fit are left out.
    /// </summary>
    public void AddStopSequence(string sequence, string lever)
    {
        ArgumentException.ThrowIfNullOrEmpty(sequence);
        var recordedBy = Lever(lever);
        _stopSequences ??= [];
        foreach (var existing in _stopSequences)
        {
            if (existing.Text == sequence)
            {
                return;
            }
        }

        _stopSequences.Add(new EncodedText(sequence, Quoted(sequence)));
        Record(new RequestEdit(RequestEditKind.StopSequence, recordedBy, sequence));
    }

    /// <summary>
    /// Appends <paramref name="text"/> to the system prompt, after a blank line (chat completions, messages, responses
    /// and token counts). OpenAI chat: to the content of the first <c>system</c> or <c>developer</c> message (a
    /// string, or a content-part array that gets a text part), else a new system message first. Anthropic:
    /// to <c>system</c> (a string, or a block array that gets a text block), else a new <c>system</c>. Responses API:
    /// to <c>instructions</c> when it is a string or absent (instructions given as an item array are left as they are).
    /// </summary>
    public void AppendToSystemPrompt(string text, string lever)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        var recordedBy = Lever(lever);
        var encoded = JsonEncodedText.Encode(text, Encoder).EncodedUtf8Bytes;
        SystemPromptJson = SystemPromptJson is null ? encoded.ToArray() : [.. SystemPromptJson, .. "\\n\\n"u8, .. encoded];
        Record(new RequestEdit(RequestEditKind.SystemPrompt, recordedBy, text));
    }

    /// <summary>
    /// Sets the top-level member <paramref name="name"/> to a raw JSON value (e.g. OpenAI <c>prompt_cache_key</c>),
    /// replacing the client's value in place or adding the member at the end. Members a typed edit owns
    /// (<c>model</c>, <c>messages</c>, token limits, <c>stream_options</c>, stop sequences, <c>system</c>) are refused.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="utf8Json"/> is not exactly one JSON value, or the name is a typed member.</exception>
    public void SetProperty(string name, ReadOnlySpan<byte> utf8Json, string lever)
    {
        var recordedBy = Lever(lever);
        CheckName(name);
        CheckValue(utf8Json);
        var value = utf8Json.ToArray();
        SetOrRemove(new PropertyEdit(name, Encoding.UTF8.GetBytes(name), Quoted(name), value), new RequestEdit(RequestEditKind.SetProperty, recordedBy, Encoding.UTF8.GetString(value), name));
    }

    /// <summary>
    /// Marks Anthropic prompt-cache breakpoints (messages only): <c>"cache_control":{"type":"ephemeral"}</c> on the last
    /// tool definition, on the system prompt's last block (a string system prompt becomes one text block carrying it;
    /// text appended through <see cref="AppendToSystemPrompt"/> comes before it) and on the last block of one message
    /// that can carry one (a string content becomes one text block). Replaces breakpoints recorded before.
    /// </summary>
    public void MarkCacheBreakpoints(CacheBreakpoints breakpoints, string lever)
    {
        var recordedBy = Lever(lever);
        if (breakpoints.Count == 0)
        {
            throw new ArgumentException("At least one breakpoint is needed.", nameof(breakpoints));
        }

        CacheBreakpoints = breakpoints;
        Replace(RequestEditKind.CacheBreakpoints, new RequestEdit(RequestEditKind.CacheBreakpoints, recordedBy, breakpoints.ToString()));
    }

    /// <summary>Removes the top-level member <paramref name="name"/>, wherever and however often the client wrote it.</summary>
    public void RemoveProperty(string name, string lever)
    {
        var recordedBy = Lever(lever);
        CheckName(name);
        SetOrRemove(new PropertyEdit(name, Encoding.UTF8.GetBytes(name), Quoted(name), null), new RequestEdit(RequestEditKind.RemoveProperty, recordedBy, null, name));
    }

    private static string Lever(string lever)
    {
        ArgumentException.ThrowIfNullOrEmpty(lever);
        return lever;
    }

    private static byte[] Quoted(string text) => [(byte)'"', .. JsonEncodedText.Encode(text, Encoder).EncodedUtf8Bytes, (byte)'"'];

    private static void CheckName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (Array.IndexOf(TypedMembers, name) >= 0)
        {
            throw new ArgumentException($"'{name}' is changed through its typed edit, not as a raw member.", nameof(name));
        }
    }

    private static void CheckValue(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json);
        try
        {
            if (reader.Read())
            {
                reader.Skip();
                if (!reader.Read())
                {
                    return;
                }
            }
        }
        catch (JsonException exception)
        {
            throw new ArgumentException("The value is not valid JSON.", nameof(utf8Json), exception);
        }

        throw new ArgumentException("The value must be exactly one JSON value.", nameof(utf8Json));
    }

    private void SetOrRemove(PropertyEdit edit, RequestEdit recorded)
    {
        _properties ??= [];
        for (var i = _properties.Count - 1; i >= 0; i--)
        {
            if (_properties[i].Name == edit.Name)
            {
                _properties.RemoveAt(i);
            }
        }

        _properties.Add(edit);
        Forget(RequestEditKind.SetProperty, edit.Name);
        Forget(RequestEditKind.RemoveProperty, edit.Name);
        Record(recorded);
    }

    private void Replace(RequestEditKind kind, RequestEdit recorded)
    {
        Forget(kind, null);
        Record(recorded);
    }

    private void Forget(RequestEditKind kind, string? property)
    {
        for (var i = (_inEffect?.Count ?? 0) - 1; i >= 0; i--)
        {
            if (_inEffect![i].Kind == kind && _inEffect[i].Property == property)
            {
                _inEffect.RemoveAt(i);
            }
        }
    }

    private void Record(RequestEdit recorded) => (_inEffect ??= []).Add(recorded);
}
