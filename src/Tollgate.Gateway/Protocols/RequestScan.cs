using Tollgate.Core.Exchange;

namespace Tollgate.Gateway.Protocols;

/// <summary>
/// What <see cref="RequestReader"/> has found so far in its one pass over a request body: a stack value passed by
/// reference from field to field, so reading a field allocates nothing.
/// </summary>
internal ref struct RequestScan
{
    public RequestScan(ReadOnlySpan<byte> body, WireProtocol protocol, ExchangeOperation operation)
    {
        Body = body;
        Protocol = protocol;
        Operation = operation;
        Responses = operation is ExchangeOperation.Responses or ExchangeOperation.ResponsesInputTokens;
    }

    /// <summary>The whole body, for placing a text fault in it.</summary>
    public readonly ReadOnlySpan<byte> Body;

    public readonly WireProtocol Protocol;

    public readonly ExchangeOperation Operation;

    /// <summary>Whether the body is a Responses API request, whose own fields are read too.</summary>
    public readonly bool Responses;

    public string? Model;

    /// <summary>Whether <c>model</c> names something (not blank).</summary>
    public bool HasModel;

    /// <summary>Whether a <c>messages</c> array was given, and whether it holds anything.</summary>
    public bool SawMessages, HasMessages;

    /// <summary>Whether an <c>input</c> was given, and (embeddings) whether it is empty.</summary>
    public bool HasInput, EmptyInput;

    public bool Stream, IncludeUsage, HasTools;

    public long? MaxTokens;

    public double? Temperature;

    public double? TopK;

    public string? User;

    public string? PreviousResponseId;

    /// <summary>Whether a <c>conversation</c> or a <c>prompt</c> stands in for the input.</summary>
    public bool Conversation, HasPrompt;

    public bool Background;

    public bool Store = true;

    /// <summary>Why the body is refused, once a field is found wanting.</summary>
    public RequestReadResult Refusal;

    /// <summary>Keeps <paramref name="refusal"/> and stops the scan.</summary>
    public bool Refuse(RequestReadResult refusal)
    {
        Refusal = refusal;
        return false;
    }
}
