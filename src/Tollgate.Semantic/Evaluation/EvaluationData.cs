using System.Text;
using System.Text.Json;

namespace Tollgate.Semantic.Evaluation;

/// <summary>Reads the evaluation's data sets: banking77's CSV, GPTCache's paraphrase pairs, and the minimal pairs.</summary>
public static class EvaluationData
{
    /// <summary>The <c>text,category</c> rows of banking77's <c>train.csv</c> (quoted fields allowed), in file order.</summary>
    /// <exception cref="InvalidDataException">The file has no <c>text</c> and <c>category</c> columns.</exception>
    public static List<LabelledQuery> ReadBanking77(string path)
    {
        var rows = ReadCsv(File.ReadAllText(path));
        if (rows.Count == 0 || rows[0].Count < 2 || rows[0][0] != "text" || rows[0][1] != "category")
        {
            throw new InvalidDataException($"{path} is not banking77's train.csv: its header is not 'text,category'.");
        }

        return rows.Skip(1).Where(row => row.Count >= 2 && row[0].Length > 0).Select(row => new LabelledQuery(row[0], row[1])).ToList();
    }

    /// <summary>GPTCache's <c>mock_data.json</c>: an array of <c>{origin, similar}</c>.</summary>
    public static List<ParaphrasePair> ReadGptCache(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var pairs = new List<ParaphrasePair>();
        foreach (var item in document.RootElement.EnumerateArray())
        {
            if (item.TryGetProperty("origin", out var origin) && item.TryGetProperty("similar", out var similar)
                && origin.GetString() is { Length: > 0 } first && similar.GetString() is { Length: > 0 } second)
            {
                pairs.Add(new ParaphrasePair(first, second));
            }
        }

        return pairs;
    }

    /// <summary>The minimal pairs that ship with Tollgate.</summary>
    public static List<MinimalPair> BuiltInMinimalPairs()
    {
        using var stream = typeof(EvaluationData).Assembly.GetManifestResourceStream("Tollgate.Semantic.Evaluation.minimal-pairs.tsv")
            ?? throw new InvalidOperationException("The built-in minimal pairs are missing from the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return ReadMinimalPairs(reader.ReadToEnd());
    }

    /// <summary>Minimal pairs as tab-separated <c>kind, first, second</c> lines after a header; <c>#</c> starts a comment line.</summary>
    public static List<MinimalPair> ReadMinimalPairs(string tsv)
    {
        ArgumentNullException.ThrowIfNull(tsv);
        var pairs = new List<MinimalPair>();
        foreach (var line in tsv.Split('\n').Skip(1))
        {
            var trimmed = line.TrimEnd('\r');
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                continue;
            }

            var fields = trimmed.Split('\t');
            if (fields.Length != 3)
            {
                throw new InvalidDataException($"A minimal pair needs three tab-separated fields (kind, first, second): '{trimmed}'.");
            }

            pairs.Add(new MinimalPair(fields[0], fields[1], fields[2]));
        }

        return pairs;
    }

    /// <summary>The rows of a CSV text (RFC 4180: quoted fields may hold commas, quotes doubled, and line breaks).</summary>
    public static List<List<string>> ReadCsv(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var character = text[i];
            if (quoted)
            {
                if (character == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (character == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(character);
                }

                continue;
            }

            switch (character)
            {
                case '"':
                    quoted = true;
                    break;
                case ',':
                    row.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    row.Add(field.ToString());
                    field.Clear();
                    rows.Add(row);
                    row = [];
                    break;
                default:
                    field.Append(character);
                    break;
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add(row);
        }

        return rows;
    }
}
