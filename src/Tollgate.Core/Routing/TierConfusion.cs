using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Tollgate.Core.Routing;

/// <summary>
/// A confusion matrix of the complexity classifier over labelled prompts: how many of each expected tier it put in
/// each tier, its accuracy, and its under-tiering rate (prompts put in a cheaper tier than they need: the costly
/// error). <c>tollgate eval routing</c> prints it; a unit test holds it to a floor and a ceiling on a committed sample.
/// </summary>
public sealed class TierConfusion
{
    private readonly int[,] _counts = new int[3, 3];

    /// <summary>How many prompts were classified.</summary>
    public int Total { get; private set; }

    /// <summary>How many were put in the tier they need.</summary>
    public int Correct { get; private set; }

    /// <summary>How many were put in a cheaper tier than they need.</summary>
    public int UnderTiered { get; private set; }

    /// <summary>How many were put in a dearer tier than they need.</summary>
    public int OverTiered => Total - Correct - UnderTiered;

    /// <summary>Correct ÷ total (0 when empty).</summary>
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;

    /// <summary>Under-tiered ÷ total (0 when empty).</summary>
    public double UnderTierRate => Total == 0 ? 0 : (double)UnderTiered / Total;

    /// <summary>How many prompts needing <paramref name="expected"/> were put in <paramref name="predicted"/>.</summary>
    public int this[ModelTier expected, ModelTier predicted] => _counts[(int)expected, (int)predicted];

    /// <summary>Classifies <paramref name="prompt"/>, sent as the one user message of a chat request, and counts it as needing <paramref name="expected"/>.</summary>
    public ModelTier Add(string prompt, ModelTier expected)
    {
        var predicted = ComplexityClassifier.Classify(ChatBody(prompt).WrittenSpan);
        Add(expected, predicted);
        return predicted;
    }

    /// <summary>Counts one prompt needing <paramref name="expected"/> that was put in <paramref name="predicted"/>.</summary>
    public void Add(ModelTier expected, ModelTier predicted)
    {
        _counts[(int)expected, (int)predicted]++;
        Total++;
        Correct += expected == predicted ? 1 : 0;
        UnderTiered += predicted < expected ? 1 : 0;
    }

    /// <summary>A chat completions request body (<c>"model": "auto"</c>) whose one user message is <paramref name="prompt"/>.</summary>
    public static ArrayBufferWriter<byte> ChatBody(string prompt)
    {
        var buffer = new ArrayBufferWriter<byte>(prompt.Length + 64);
        using var writer = new Utf8JsonWriter(buffer);
        writer.WriteStartObject();
        writer.WriteString("model"u8, "auto"u8);
        writer.WriteStartArray("messages"u8);
        writer.WriteStartObject();
        writer.WriteString("role"u8, "user"u8);
        writer.WriteString("content"u8, prompt);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        return buffer;
    }

    /// <summary>The matrix as a Markdown table (rows: the tier needed; columns: the tier chosen), then its rates.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("| needed \\ chosen | small | medium | frontier |");
        text.AppendLine("| --- | ---: | ---: | ---: |");
        for (var expected = ModelTier.Small; expected <= ModelTier.Frontier; expected++)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {ModelCatalog.TierName(expected)} ");
            for (var predicted = ModelTier.Small; predicted <= ModelTier.Frontier; predicted++)
            {
                text.Append(CultureInfo.InvariantCulture, $"| {this[expected, predicted]} ");
            }

            text.AppendLine("|");
        }

        text.AppendLine();
        text.Append(CultureInfo.InvariantCulture, $"{Total} prompts: accuracy {Accuracy:P1} ({Correct}), under-tiered {UnderTierRate:P2} ({UnderTiered}), over-tiered {OverTiered}.");
        return text.ToString();
    }
}
