using System.Globalization;

namespace Tollgate.EndToEnd.Tests.Metrics;

/// <summary>
/// A scrape of <c>/metrics</c> read as the Prometheus text format (version 0.0.4) says: each sample a name, its labels
/// and a value, each family introduced by its <c># HELP</c> and <c># TYPE</c>. <see cref="Parse"/> throws at the first
/// line that breaks the format, naming it.
/// </summary>
internal sealed class PrometheusScrape
{
    private PrometheusScrape(IReadOnlyList<Sample> samples, IReadOnlyDictionary<string, string> types)
    {
        Samples = samples;
        Types = types;
    }

    public IReadOnlyList<Sample> Samples { get; }

    /// <summary>Each family's type (<c>counter</c>, <c>gauge</c>, <c>histogram</c> …) by its name.</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    public static PrometheusScrape Parse(string text)
    {
        var samples = new List<Sample>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var helped = new HashSet<string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in text.Split('\n'))
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                helped.Add(line[7..].Split(' ', 2)[0]);
                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line[7..].Split(' ');
                Assert.True(parts.Length == 2 && helped.Contains(parts[0]), $"line {number}: a TYPE without its HELP: {line}");
                types[parts[0]] = parts[1];
                continue;
            }

            Assert.False(line.StartsWith('#'), $"line {number}: an unknown comment: {line}");
            var sample = ParseSample(line, number);
            Assert.True(types.ContainsKey(Family(sample.Name, types)), $"line {number}: a sample before its family's TYPE: {line}");
            samples.Add(sample);
        }

        return new PrometheusScrape(samples, types);
    }

    /// <summary>The samples of <paramref name="name"/> whose labels include every pair of <paramref name="labels"/>.</summary>
    public IEnumerable<Sample> Find(string name, params (string Name, string Value)[] labels) =>
        Samples.Where(sample => sample.Name == name && labels.All(label => sample.Labels.TryGetValue(label.Name, out var value) && value == label.Value));

    /// <summary>The sum of the samples <see cref="Find"/> finds; 0 when there are none.</summary>
    public double Sum(string name, params (string Name, string Value)[] labels) => Find(name, labels).Sum(sample => sample.Value);

    private static string Family(string name, Dictionary<string, string> types)
    {
        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && types.ContainsKey(name[..^suffix.Length]))
            {
                return name[..^suffix.Length];
            }
        }

        return name;
    }

    private static Sample ParseSample(string line, int number)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var brace = line.IndexOf('{', StringComparison.Ordinal);
        var space = line.LastIndexOf(' ');
        Assert.True(space > 0, $"line {number}: no value: {line}");
        string name;
        if (brace > 0 && brace < space)
        {
            name = line[..brace];
            var end = line.LastIndexOf('}');
            var body = line[(brace + 1)..end];
            var i = 0;
            while (i < body.Length)
            {
                var equals = body.IndexOf('=', i);
                Assert.True(equals > i && body[equals + 1] == '"', $"line {number}: a label without a quoted value: {line}");
                var labelName = body[i..equals];
                var value = new System.Text.StringBuilder();
                var j = equals + 2;
                for (; body[j] != '"'; j++)
                {
                    if (body[j] == '\\')
                    {
                        j++;
                        value.Append(body[j] == 'n' ? '\n' : body[j]);
                    }
                    else
                    {
                        value.Append(body[j]);
                    }
                }

                labels[labelName] = value.ToString();
                i = j + 1;
                if (i < body.Length)
                {
                    Assert.True(body[i] == ',', $"line {number}: labels not separated by commas: {line}");
                    i++;
                }
            }
        }
        else
        {
            name = line[..space];
        }

        Assert.Matches("^[a-zA-Z_:][a-zA-Z0-9_:]*$", name);
        var text = line[(space + 1)..];
        var parsed = text switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new Sample(name, labels, parsed);
    }

    /// <summary>One sample.</summary>
    internal sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
}
