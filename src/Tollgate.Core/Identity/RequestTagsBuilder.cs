using System.Diagnostics.CodeAnalysis;

namespace Tollgate.Core.Identity;

/// <summary>
/// Checks tags one at a time against <see cref="RequestTags"/>' rules and keeps them in key order. Stops at the first
/// broken rule, and at the tag after the tenth, so a hostile header costs no more than a valid one.
/// </summary>
internal sealed class RequestTagsBuilder
{
    private readonly string _source;
    private readonly string[] _keys = new string[RequestTags.MaxCount];
    private readonly string[] _values = new string[RequestTags.MaxCount];
    private int _count;

    /// <param name="source">What the tags are called where they came from (<c>x-tollgate-tags</c>, <c>tags</c>), to begin each error message.</param>
    public RequestTagsBuilder(string source) => _source = source;

    /// <summary>Adds a tag, its key read lower-case and both parts trimmed; false with a message when it breaks a rule.</summary>
    public bool TryAdd(ReadOnlySpan<char> key, ReadOnlySpan<char> value, [NotNullWhen(false)] out string? error)
    {
        if (_count == RequestTags.MaxCount)
        {
            error = $"{_source}: at most {RequestTags.MaxCount} tags are allowed.";
            return false;
        }

        key = key.Trim();
        if (!RequestTags.IsValidKey(key))
        {
            // The key is not echoed: it is whatever the caller sent, of any length.
            error = $"{_source}: tag {_count + 1} has an invalid key: a key is 1 to {RequestTags.MaxKeyLength} of the characters a-z, 0-9, '_', '.' and '-'.";
            return false;
        }

        var name = key.ToString().ToLowerInvariant();
        value = value.Trim();
        if (!IsValidValue(value))
        {
            error = $"{_source}: the value of '{name}' must be 1 to {RequestTags.MaxValueLength} printable ASCII characters, without ',' or '='.";
            return false;
        }

        var at = _count;
        while (at > 0 && string.CompareOrdinal(_keys[at - 1], name) >= 0)
        {
            if (string.Equals(_keys[at - 1], name, StringComparison.Ordinal))
            {
                error = $"{_source}: the tag '{name}' is named twice (keys are case-insensitive).";
                return false;
            }

            at--;
        }

        Array.Copy(_keys, at, _keys, at + 1, _count - at);
        Array.Copy(_values, at, _values, at + 1, _count - at);
        _keys[at] = name;
        _values[at] = value.ToString();
        _count++;
        error = null;
        return true;
    }

    /// <summary>The tags added so far.</summary>
    public RequestTags Build() => RequestTags.FromSorted(_keys[.._count], _values[.._count]);

    private static bool IsValidValue(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || value.Length > RequestTags.MaxValueLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is < ' ' or > '~' or ',' or '=')
            {
                return false;
            }
        }

        return true;
    }
}
