using Tollgate.Core.Tokens;

namespace Tollgate.Providers.Simulation.PromptCaching;

/// <summary>
/// A prompt read token by token, as OpenAI caches it: the prefix is named at every cacheable length
/// (<see cref="OpenAIPromptCache.MinimumTokens"/>, then every <see cref="OpenAIPromptCache.StepTokens"/> tokens), so
/// two prompts share a checkpoint exactly when they share every token up to it. Text is split with the tokenizer the
/// simulator counts usage with (<see cref="TokenCounter"/>), and each piece advances the position by what
/// <see cref="TokenCounter.CountText"/> counts for it, so the positions add up to the prompt's reported tokens. A
/// protocol's walker (chat completions today, the Responses API later) feeds the request in the order the provider
/// reads it.
/// </summary>
internal sealed class TokenPrefix : IDisposable
{
    private readonly PrefixHash _hash;
    private readonly string _model;
    private readonly List<PromptCheckpoint> _checkpoints = [];
    private long _nextCheckpoint = OpenAIPromptCache.MinimumTokens;

    public TokenPrefix(string protocol, string model)
    {
        _hash = new PrefixHash(protocol, model);
        _model = model;
    }

    /// <summary>Tokens read so far.</summary>
    public long Position { get; private set; }

    /// <summary>The prefix at each cacheable length reached so far, shortest first.</summary>
    public IReadOnlyList<PromptCheckpoint> Checkpoints => _checkpoints;

    /// <summary>Reads text token by token.</summary>
    public void AppendText(string text)
    {
        var count = TokenCounter.Shared.CountText(_model, text);
        if (count == 0)
        {
            return;
        }

        // A scaled count (Claude models) or merged pieces (characters split across tokens) can make the count differ
        // from the number of pieces: every piece but the last advances by one, the last takes what is left, so a
        // piece's position never depends on the text after it.
        var start = Position;
        var pieces = TokenCounter.Shared.Split(_model, text);
        for (var i = 0; i < pieces.Count; i++)
        {
            _hash.Append(PrefixPiece.Token, pieces[i]);
            Advance(i == pieces.Count - 1 ? start + count : Math.Min(start + i + 1, start + count));
        }
    }

    /// <summary>
    /// Reads something that is not text but counts <paramref name="tokens"/> tokens (a message's framing, a
    /// pre-tokenised input) or none (a setting that changes what the model reads), as one piece.
    /// </summary>
    public void AppendOpaque(PrefixPiece kind, ReadOnlySpan<byte> bytes, long tokens)
    {
        _hash.Append(kind, bytes);
        Advance(Position + tokens);
    }

    public void Dispose() => _hash.Dispose();

    private void Advance(long position)
    {
        Position = position;
        if (position < _nextCheckpoint)
        {
            return;
        }

        // A piece that crosses a checkpoint names it with the piece included: a prompt that differs inside that piece
        // differs at the checkpoint, which errs towards reporting one step less cached, never more.
        var prefix = _hash.Current();
        while (_nextCheckpoint <= position)
        {
            _checkpoints.Add(new PromptCheckpoint(_nextCheckpoint, prefix));
            _nextCheckpoint += OpenAIPromptCache.StepTokens;
        }
    }
}
