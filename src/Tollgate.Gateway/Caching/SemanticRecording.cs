using Tollgate.Core.Caching;
using Tollgate.Semantic;

namespace Tollgate.Gateway.Caching;

/// <summary>
/// A semantic miss's last user message, embedded at the lookup, to be stored with the answer and indexed once it is
/// stored: the request is embedded once.
/// </summary>
/// <param name="Partition">The key over everything in the request but that message.</param>
/// <param name="Prompt">The message and its embedding.</param>
internal sealed record SemanticRecording(CacheKey Partition, SemanticPrompt Prompt);
