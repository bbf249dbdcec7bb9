using Tollgate.Core.Exchange;

namespace Tollgate.Core.Requests;

/// <summary>The recorded edits that apply to one protocol and operation, with the member names they use there.</summary>
internal readonly struct EditPlan
{
    private static readonly byte[] OpenAIStopName = "stop"u8.ToArray();
    private static readonly byte[] AnthropicStopName = "stop_sequences"u8.ToArray();
    private static readonly byte[] MaxTokensMemberName = "max_tokens"u8.ToArray();
    private static readonly byte[] MaxCompletionTokensName = "max_completion_tokens"u8.ToArray();
    private static readonly byte[] MaxOutputTokensName = "max_output_tokens"u8.ToArray();

    public EditPlan(RequestEdits edits, WireProtocol protocol, ExchangeOperation operation)
    {
        var hasBody = operation != ExchangeOperation.Models;
        var generates = operation is ExchangeOperation.ChatCompletions or ExchangeOperation.Messages;
        var openAI = protocol == WireProtocol.OpenAI;
        var responses = openAI && operation == ExchangeOperation.Responses;

        Model = hasBody ? edits.ModelJson : null;
        MaxTokens = generates || responses ? edits.MaxOutputTokensJson : null;
        EitherMaxTokensName = openAI && !responses;
        MaxTokensName = responses ? MaxOutputTokensName
            : openAI && !edits.AddsMaxOutputTokensAsMaxTokens ? MaxCompletionTokensName
            : MaxTokensMemberName;
        StreamUsage = edits.IncludesStreamUsage && openAI && operation == ExchangeOperation.ChatCompletions;
        Stops = generates && edits.StopSequences is { Count: > 0 } stops ? stops : null;
        StopName = openAI ? OpenAIStopName : AnthropicStopName;

        // OpenAI takes at most four stop sequences; Anthropic sets no such limit.
        StopLimit = openAI ? 4 : int.MaxValue;
        SystemPrompt = edits.SystemPromptJson;
        Placement = SystemPrompt is null ? SystemPromptPlacement.None : (openAI, operation) switch
        {
            (true, ExchangeOperation.ChatCompletions) => SystemPromptPlacement.Messages,
            (false, ExchangeOperation.Messages or ExchangeOperation.CountTokens) => SystemPromptPlacement.SystemMember,
            (true, ExchangeOperation.Responses) => SystemPromptPlacement.Instructions,
            _ => SystemPromptPlacement.None,
        };
        Properties = hasBody && edits.Properties is { Count: > 0 } properties ? properties : null;
        Breakpoints = !openAI && operation == ExchangeOperation.Messages ? edits.CacheBreakpoints : null;

        IsEmpty = Model is null && MaxTokens is null && !StreamUsage && Stops is null && Placement == SystemPromptPlacement.None && Properties is null
            && Breakpoints is null;
        Growth = EstimateGrowth();
    }

    public byte[]? Model { get; }

    public byte[]? MaxTokens { get; }

    /// <summary>OpenAI chat: the limit may be spelt <c>max_tokens</c> or <c>max_completion_tokens</c>.</summary>
    public bool EitherMaxTokensName { get; }

    /// <summary>The member the limit is added as when the client named none (and, outside OpenAI chat, the one edited).</summary>
    public byte[] MaxTokensName { get; }

    public bool StreamUsage { get; }

    public List<EncodedText>? Stops { get; }

    public byte[] StopName { get; }

    public int StopLimit { get; }

    public byte[]? SystemPrompt { get; }

    public SystemPromptPlacement Placement { get; }

    public List<PropertyEdit>? Properties { get; }

    /// <summary>Anthropic messages: the prompt-cache breakpoints to mark, if any.</summary>
    public CacheBreakpoints? Breakpoints { get; }

    /// <summary>Whether the system prompt's last block gets a breakpoint.</summary>
    public bool BreakpointOnSystem => Breakpoints is { System: true };

    public bool IsEmpty { get; }

    /// <summary>How much the body may grow: sized so the output buffer is allocated once in all but odd cases.</summary>
    public int Growth { get; }

    private int EstimateGrowth()
    {
        // Member name, quotes, colon, comma and the wrapper of an added message or block.
        const int Overhead = 48;
        var growth = (Model?.Length ?? 0) + (MaxTokens?.Length ?? 0) + (StreamUsage ? Overhead : 0) + Overhead;
        if (Stops is not null)
        {
            growth += Overhead;
            foreach (var stop in Stops)
            {
                growth += stop.Json.Length + 1;
            }
        }

        if (Placement != SystemPromptPlacement.None)
        {
            growth += SystemPrompt!.Length + Overhead;
        }

        if (Breakpoints is { } breakpoints)
        {
            growth += breakpoints.Count * Overhead * 2;
        }

        if (Properties is not null)
        {
            foreach (var property in Properties)
            {
                growth += property.NameJson.Length + (property.ValueJson?.Length ?? 0) + 2;
            }
        }

        return growth;
    }
}
