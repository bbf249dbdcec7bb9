using System.Text.Encodings.Web;
using System.Text.Json;
using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;
using Tollgate.Core.Pricing;
using Tollgate.Core.PromptCaching;
using Tollgate.Core.Requests;

namespace Tollgate.Gateway.PromptCaching;

/// <summary>
/// Provider prompt-cache hints, added by the shape stage as request edits (lever <c>prompt-cache</c>) unless the client
/// gave its own or the feature opted out (<c>Features:NAME:PromptCache: false</c>):
/// <list type="bullet">
/// <item>Anthropic messages: <c>cache_control</c> breakpoints at the end of the tools, of the system prompt and of the
/// conversation before the final user turn, each only where the prefix it closes reaches the model's minimum cacheable
/// length (<see cref="ModelPrice.MinCacheableTokens"/>), since a shorter one caches nothing;</item>
/// <item>OpenAI chat completions and Responses: <c>prompt_cache_key</c> <c>tollgate:FEATURE</c>, so a feature's
/// requests reach the same cache machines (requests naming no feature get none).</item>
/// </list>
/// A request served by a model of the other family gets the hints of the provider it is sent to instead, added to the
/// translated body at call time (<see cref="AddToTranslated"/>).
/// Cached-token savings on a row are then the gateway's (<see cref="ExchangeContext.PromptCacheHintsAdded"/>);
/// otherwise they are the provider's own (<c>provider-cache</c>). Every request of a named feature is also shown to
/// <see cref="PrefixStability"/>, opted out or not, so unstable prefixes are found either way.
/// </summary>
internal sealed class PromptCacheHints
{
    /// <summary>The prefix of the <c>prompt_cache_key</c> the gateway sets: <c>tollgate:</c> and the feature.</summary>
    public const string KeyPrefix = "tollgate:";

    /// <summary>The minimum cacheable length assumed for an Anthropic model the catalog lists none for: the lowest documented.</summary>
    public const long DefaultMinimumTokens = 1024;

    /// <summary>
    /// Bytes of JSON counted as one token when judging a prefix's length without tokenising it. Real prompts run at 3 to
    /// 4.5 bytes a token with the JSON around them; the low end errs towards adding a breakpoint, which costs nothing
    /// where the provider finds the prefix too short.
    /// </summary>
    public const int BytesPerToken = 3;

    private readonly PricingCatalog _pricing;
    private readonly PrefixStability _stability;

    public PromptCacheHints(PricingCatalog pricing, PrefixStability stability)
    {
        _pricing = pricing;
        _stability = stability;
    }

    /// <summary>Adds the hints <paramref name="exchange"/>'s request should carry, and notes its prefix; <paramref name="enabled"/> is the feature's setting.</summary>
    public void Apply(ExchangeContext exchange, string? model, bool enabled)
    {
        var operation = exchange.Operation;
        var anthropic = exchange.Protocol == WireProtocol.Anthropic;
        if (anthropic ? operation != ExchangeOperation.Messages : operation is not (ExchangeOperation.ChatCompletions or ExchangeOperation.Responses))
        {
            return;
        }

        // Without a feature there is no key to set and no prefix to follow: only Anthropic's breakpoints need the layout.
        var feature = exchange.Feature;
        if (feature is null && !(anthropic && enabled))
        {
            return;
        }

        var body = exchange.RequestBody.Span;
        var layout = PromptLayout.Read(body, exchange.Protocol, operation);
        if (feature is not null)
        {
            _stability.Observe(feature, model, exchange.Hints.PromptVersion, body, layout);
        }

        if (!enabled || layout.HasClientHints)
        {
            return;
        }

        if (anthropic)
        {
            var breakpoints = Breakpoints(layout, _pricing.Find(model)?.MinCacheableTokens ?? DefaultMinimumTokens);
            if (breakpoints.Count > 0)
            {
                exchange.Edits.MarkCacheBreakpoints(breakpoints, Levers.PromptCache);
                exchange.PromptCacheHintsAdded = true;
            }
        }
        else if (feature is not null)
        {
            exchange.Edits.SetProperty("prompt_cache_key", Key(feature), Levers.PromptCache);
            exchange.PromptCacheHintsAdded = true;
        }
    }

    /// <summary>
    /// Adds the hints of a request translated for a model of the other provider family (a cross-family pin, degrade or
    /// fallback) to the translated body, at call time: the shape stage's hints are written in the client's protocol, and
    /// translation leaves them behind.
    /// <list type="bullet">
    /// <item>Into Anthropic messages: the breakpoints a native request gets (<see cref="Breakpoints"/>, at the served
    /// model's minimum), unless the feature opted out. A client's own <c>prompt_cache_key</c> asks for caching, which
    /// Anthropic does only where the request marks it, so it gets the breakpoints too, opted out or not, and its savings
    /// stay the client's (<c>provider-cache</c>).</item>
    /// <item>Into OpenAI chat: the feature's <c>prompt_cache_key</c>, unless the feature opted out, the request names no
    /// feature, or the client marked its own <c>cache_control</c> (OpenAI caches long prefixes by itself: the savings
    /// are then the provider's).</item>
    /// </list>
    /// </summary>
    /// <param name="exchange">The exchange, whose body as the client sent it tells whether the client gave hints of its own.</param>
    /// <param name="translated">The translated body, the exchange's other edits already in it.</param>
    /// <param name="served">The protocol of the provider it is sent to.</param>
    /// <param name="model">The model it is sent to.</param>
    /// <param name="enabled">The feature's <c>PromptCache</c> setting.</param>
    /// <param name="hinted">Whether the body sent carries a hint of the gateway's own (lever <c>prompt-cache</c>).</param>
    /// <returns>The body to send: <paramref name="translated"/> itself when nothing is added.</returns>
    public ReadOnlyMemory<byte> AddToTranslated(ExchangeContext exchange, ReadOnlyMemory<byte> translated, WireProtocol served, string model, bool enabled, out bool hinted)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        hinted = false;
        var clientHints = PromptLayout.HasHints(exchange.RequestBody.Span, exchange.Protocol);
        RequestEdits edits;
        if (served == WireProtocol.Anthropic)
        {
            if (!enabled && !clientHints)
            {
                return translated;
            }

            var layout = PromptLayout.Read(translated.Span, WireProtocol.Anthropic, ExchangeOperation.Messages);
            var breakpoints = Breakpoints(layout, _pricing.Find(model)?.MinCacheableTokens ?? DefaultMinimumTokens);
            if (layout.HasClientHints || breakpoints.Count == 0)
            {
                return translated;
            }

            edits = new RequestEdits();
            edits.MarkCacheBreakpoints(breakpoints, clientHints ? Levers.ProviderCache : Levers.PromptCache);
            hinted = !clientHints;
            return RequestBodyEditor.Apply(translated, WireProtocol.Anthropic, ExchangeOperation.Messages, edits);
        }

        if (!enabled || clientHints || exchange.Feature is not { } feature)
        {
            return translated;
        }

        edits = new RequestEdits();
        edits.SetProperty("prompt_cache_key", Key(feature), Levers.PromptCache);
        hinted = true;
        return RequestBodyEditor.Apply(translated, WireProtocol.OpenAI, ExchangeOperation.ChatCompletions, edits);
    }

    /// <summary>The breakpoints whose prefixes (tools, then system, then the earlier turns) reach <paramref name="minimumTokens"/>.</summary>
    public static CacheBreakpoints Breakpoints(in PromptLayout layout, long minimumTokens)
    {
        var minimumBytes = minimumTokens * BytesPerToken;
        long prefix = layout.ToolsLength;
        var tools = layout.ToolsLength > 0 && prefix >= minimumBytes;
        prefix += layout.SystemLength;
        var system = layout.SystemHasContent && prefix >= minimumBytes;
        prefix += layout.MessagesLengthBeforeFinalTurn;
        var message = layout.MessageBeforeFinalTurn >= 0 && prefix >= minimumBytes ? layout.MessageBeforeFinalTurn : -1;
        return new CacheBreakpoints(tools, system, message);
    }

    /// <summary>The <c>prompt_cache_key</c> value of <paramref name="feature"/>'s requests, as JSON.</summary>
    public static byte[] Key(string feature)
    {
        var text = JsonEncodedText.Encode(KeyPrefix + feature, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).EncodedUtf8Bytes;
        var json = new byte[text.Length + 2];
        json[0] = json[^1] = (byte)'"';
        text.CopyTo(json.AsSpan(1));
        return json;
    }
}
