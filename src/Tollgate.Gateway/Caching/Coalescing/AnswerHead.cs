using Microsoft.Extensions.Primitives;
using Tollgate.Core.Exchange;

namespace Tollgate.Gateway.Caching.Coalescing;

/// <summary>What a shared answer says before its body: status, form and the provider's response headers, copied once.</summary>
/// <param name="Status">HTTP status of the answer.</param>
/// <param name="Protocol">Protocol the body is written in.</param>
/// <param name="IsEventStream">Whether the body is a stream of server-sent events.</param>
/// <param name="ContentLength">Length of the body when the provider declared it.</param>
/// <param name="Headers">The answer's own response headers.</param>
internal sealed record AnswerHead(int Status, WireProtocol Protocol, bool IsEventStream, long? ContentLength, IReadOnlyDictionary<string, StringValues> Headers)
{
    /// <summary>The head of <paramref name="answer"/>, its headers copied.</summary>
    public static AnswerHead Of(ExchangeAnswer answer)
    {
        var headers = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
        answer.CopyHeadersTo(headers);
        return new AnswerHead(answer.Status, answer.Protocol, answer.IsEventStream, answer.ContentLength, headers);
    }
}
