using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tollgate.Core.Identity;

/// <summary>
/// The tags of a request: at most <see cref="MaxCount"/> <c>key=value</c> pairs, the key's own (fixed when it was
/// created) and those the caller adds in <c>x-tollgate-tags</c>. Immutable and ordered by key, each key once, so two
/// requests with the same tags have the same <see cref="ToString"/> form and the same ledger column. Keys are
/// case-insensitive and kept lower-case (1 to 40 of <c>a-z 0-9 _ . -</c>); a value is 1 to 100 printable ASCII
/// characters without <c>,</c> or <c>=</c>, kept as sent, with the spaces around it trimmed.
/// </summary>
/// <remarks>
/// Budgets and rate limits read a request's tags from <c>ExchangeContext.Tags</c>: <see cref="TryGetValue"/> finds
/// one by key, and enumerating gives them all in key order. Both cost a scan of at most ten keys and allocate nothing.
/// </remarks>
[JsonConverter(typeof(RequestTagsJsonConverter))]
public sealed class RequestTags : IReadOnlyList<KeyValuePair<string, string>>, IEquatable<RequestTags>
{
    /// <summary>The most tags a request carries, the key's and the caller's together.</summary>
    public const int MaxCount = 10;

    /// <summary>The longest key.</summary>
    public const int MaxKeyLength = 40;

    /// <summary>The longest value.</summary>
    public const int MaxValueLength = 100;

    /// <summary>The request header a caller names its tags in: <c>key=value,key2=value2</c>.</summary>
    public const string Header = "x-tollgate-tags";

    private static readonly RequestTagsJsonConverter JsonForm = new();

    private readonly string[] _keys;
    private readonly string[] _values;
    private string? _text;
    private string? _json;

    private RequestTags(string[] keys, string[] values)
    {
        _keys = keys;
        _values = values;
    }

    /// <summary>No tags.</summary>
    public static RequestTags Empty { get; } = new([], []);

    /// <summary>How many tags there are.</summary>
    public int Count => _keys.Length;

    /// <summary>Whether there are none.</summary>
    public bool IsEmpty => _keys.Length == 0;

    /// <summary>The tag at <paramref name="index"/>, in key order.</summary>
    public KeyValuePair<string, string> this[int index] => new(_keys[index], _values[index]);

    /// <summary>
    /// Reads the <c>x-tollgate-tags</c> header: <c>key=value</c> items separated by commas, spaces around items, keys
    /// and values trimmed. Nothing (null or blank) is no tags.
    /// </summary>
    /// <returns>False, with a message naming the header and what is wrong, when the text breaks a rule.</returns>
    public static bool TryParse(string? text, [NotNullWhen(true)] out RequestTags? tags, [NotNullWhen(false)] out string? error)
    {
        tags = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            tags = Empty;
            error = null;
            return true;
        }

        var builder = new RequestTagsBuilder(Header);
        var item = 0;
        foreach (var range in text.AsSpan().Split(','))
        {
            item++;
            var pair = text.AsSpan(range).Trim();
            var equals = pair.IndexOf('=');
            if (pair.IsEmpty || equals < 0)
            {
                error = pair.IsEmpty
                    ? $"{Header}: item {item} is empty; send key=value pairs separated by commas, e.g. project=atlas,env=prod."
                    : $"{Header}: item {item} is not key=value.";
                return false;
            }

            if (!builder.TryAdd(pair[..equals], pair[(equals + 1)..], out error))
            {
                return false;
            }
        }

        tags = builder.Build();
        error = null;
        return true;
    }

    /// <summary>Makes tags from pairs (a key's tags as the admin API or the command line gives them).</summary>
    /// <param name="pairs">The tags, in any order.</param>
    /// <param name="source">What the pairs are called where they came from, to begin each error message (<c>tags</c>, <c>--tag</c>).</param>
    /// <exception cref="ArgumentException">A pair breaks a rule: too many, a bad key or value, or a key twice.</exception>
    public static RequestTags Create(IEnumerable<KeyValuePair<string, string>>? pairs, string source = "tags")
    {
        var builder = new RequestTagsBuilder(source);
        foreach (var (key, value) in pairs ?? [])
        {
            if (!builder.TryAdd(key ?? string.Empty, value ?? string.Empty, out var error))
            {
                throw new ArgumentException(error, nameof(pairs));
            }
        }

        return builder.Build();
    }

    /// <summary>Reads tags written by <see cref="ToJson"/> (a stored ledger or key row) under the usual rules.</summary>
    /// <exception cref="JsonException">The text is not a JSON object of strings, or a tag breaks a rule.</exception>
    public static RequestTags FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return JsonForm.Read(ref reader, typeof(RequestTags), JsonSerializerOptions.Default);
    }

    /// <summary>Whether <paramref name="key"/> is a valid tag key, upper-case letters included (they are read lower-case).</summary>
    public static bool IsValidKey(ReadOnlySpan<char> key)
    {
        if (key.IsEmpty || key.Length > MaxKeyLength)
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '.' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// These tags and <paramref name="added"/> together, a key both name keeping this side's value (callers check
    /// first that the two agree). False when together they would be more than <see cref="MaxCount"/>.
    /// </summary>
    public bool TryCombine(RequestTags added, [NotNullWhen(true)] out RequestTags? combined)
    {
        ArgumentNullException.ThrowIfNull(added);
        if (added.IsEmpty || ReferenceEquals(added, this))
        {
            combined = this;
            return true;
        }

        if (IsEmpty)
        {
            combined = added;
            return true;
        }

        var keys = new List<string>(MaxCount + 1);
        var values = new List<string>(MaxCount + 1);
        int i = 0, j = 0;
        while (i < _keys.Length || j < added._keys.Length)
        {
            var order = i == _keys.Length ? 1 : j == added._keys.Length ? -1 : string.CompareOrdinal(_keys[i], added._keys[j]);
            keys.Add(order <= 0 ? _keys[i] : added._keys[j]);
            values.Add(order <= 0 ? _values[i] : added._values[j]);
            i += order <= 0 ? 1 : 0;
            j += order >= 0 ? 1 : 0;
            if (keys.Count > MaxCount)
            {
                combined = null;
                return false;
            }
        }

        combined = new RequestTags([.. keys], [.. values]);
        return true;
    }

    /// <summary>The value of the tag <paramref name="key"/> (case-insensitive), or false when there is none.</summary>
    public bool TryGetValue(string key, [NotNullWhen(true)] out string? value)
    {
        for (var i = 0; i < _keys.Length; i++)
        {
            if (string.Equals(_keys[i], key, StringComparison.OrdinalIgnoreCase))
            {
                value = _values[i];
                return true;
            }
        }

        value = null;
        return false;
    }

    /// <summary>
    /// The tags as a JSON object in key order, <c>{"env":"prod","project":"atlas"}</c>: the ledger's <c>tags</c> column,
    /// which its spend report reads a tag from. Made once.
    /// </summary>
    public string ToJson() => _json ??= Format(json: true);

    /// <summary>The canonical form, <c>env=prod,project=atlas</c> (keys in order); empty for no tags. Made once.</summary>
    public override string ToString() => _text ??= Format(json: false);

    /// <inheritdoc />
    public bool Equals(RequestTags? other) =>
        other is not null && (ReferenceEquals(this, other) || (_keys.AsSpan().SequenceEqual(other._keys) && _values.AsSpan().SequenceEqual(other._values)));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as RequestTags);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    /// <summary>Enumerates the tags in key order without allocating.</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<KeyValuePair<string, string>> IEnumerable<KeyValuePair<string, string>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Tags known to be valid, in key order, each key once (the builder and stored rows).</summary>
    internal static RequestTags FromSorted(string[] keys, string[] values) => keys.Length == 0 ? Empty : new(keys, values);

    private string Format(bool json)
    {
        if (IsEmpty)
        {
            return json ? "{}" : string.Empty;
        }

        var text = new StringBuilder(json ? 2 + (_keys.Length * 8) : _keys.Length * 8);
        text.Append(json ? "{" : string.Empty);
        for (var i = 0; i < _keys.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            if (json)
            {
                // Keys are [a-z0-9_.-] and values printable ASCII: a quote and a backslash are all there is to escape.
                text.Append('"').Append(_keys[i]).Append("\":\"").Append(_values[i].Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                text.Append(_keys[i]).Append('=').Append(_values[i]);
            }
        }

        return json ? text.Append('}').ToString() : text.ToString();
    }

    /// <summary>Enumerates tags in key order.</summary>
    public struct Enumerator : IEnumerator<KeyValuePair<string, string>>
    {
        private readonly RequestTags _tags;
        private int _index;

        internal Enumerator(RequestTags tags)
        {
            _tags = tags;
            _index = -1;
        }

        /// <inheritdoc />
        public readonly KeyValuePair<string, string> Current => _tags[_index];

        readonly object IEnumerator.Current => Current;

        /// <inheritdoc />
        public bool MoveNext() => ++_index < _tags.Count;

        /// <inheritdoc />
        public void Reset() => _index = -1;

        /// <inheritdoc />
        public readonly void Dispose()
        {
        }
    }
}
