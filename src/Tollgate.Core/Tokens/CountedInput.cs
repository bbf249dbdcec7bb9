using Microsoft.ML.Tokenizers;

namespace Tollgate.Core.Tokens;

/// <summary>
/// A count of an exchange's prompt (<see cref="TokenCounter.EstimateExchangeInput"/>): the body and the tokenizer it was
/// made with, and the tokens (null when the body is not JSON), kept on the exchange so the levers that need it count once.
/// </summary>
internal readonly record struct CountedInput(ReadOnlyMemory<byte> Body, Tokenizer Tokenizer, double Scale, long? Tokens)
{
    /// <summary>Whether this count holds for <paramref name="body"/> counted with <paramref name="tokenizer"/> at <paramref name="scale"/>.</summary>
    public bool Counts(ReadOnlyMemory<byte> body, Tokenizer tokenizer, double scale) =>
        Body.Equals(body) && ReferenceEquals(Tokenizer, tokenizer) && Scale == scale;
}
