namespace Tollgate.Core.Requests;

/// <summary>What <see cref="ConversationTrimmer.Fit"/> found: the prompt's size, and the body that fits, if one does.</summary>
/// <param name="Tokens">The prompt tokens of the body as received (Tollgate's estimate).</param>
/// <param name="Fits">Whether the body as received, or trimmed, is within the limit.</param>
/// <param name="Body">The body to send: the one received when nothing was dropped, else the trimmed one (a new array).</param>
/// <param name="Dropped">How many conversation entries (messages, input items) were dropped.</param>
/// <param name="TokensAfter">The prompt tokens of <paramref name="Body"/>.</param>
public readonly record struct InputMeasure(long Tokens, bool Fits, ReadOnlyMemory<byte> Body, int Dropped, long TokensAfter);
