namespace Tollgate.Cli.Profiling;

/// <summary>
/// A trie over prompts cut into blocks of <see cref="BlockTokens"/> tokens, one root per model (a provider caches
/// prefixes per model): <see cref="Add"/> answers how many leading tokens of a prompt an earlier prompt already sent,
/// the part a provider's prompt cache could serve.
/// </summary>
internal sealed class PrefixTrie
{
    /// <summary>Tokens per block: the granularity prompt caches work at is of this order (OpenAI counts cached tokens in 128-token steps).</summary>
    public const int BlockTokens = 64;

    private readonly Dictionary<(int Parent, string Block), int> _children = [];
    private readonly Dictionary<string, int> _roots = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Adds the prompt, as its tokens, and returns how many of its leading tokens were already in the trie (whole blocks only).</summary>
    public long Add(string model, IReadOnlyList<string> tokens)
    {
        if (!_roots.TryGetValue(model, out var node))
        {
            _roots[model] = node = NewNode();
        }

        long shared = 0;
        var stillShared = true;
        for (var start = 0; start + BlockTokens <= tokens.Count; start += BlockTokens)
        {
            var block = string.Concat(Enumerable.Range(start, BlockTokens).Select(i => tokens[i]));
            if (_children.TryGetValue((node, block), out var child))
            {
                if (stillShared)
                {
                    shared += BlockTokens;
                }
            }
            else
            {
                stillShared = false;
                _children[(node, block)] = child = NewNode();
            }

            node = child;
        }

        return shared;
    }

    private int NewNode() => _children.Count + _roots.Count + 1;
}
