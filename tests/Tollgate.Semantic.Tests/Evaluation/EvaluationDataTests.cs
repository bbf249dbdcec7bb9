using Tollgate.Semantic.Evaluation;

namespace Tollgate.Semantic.Tests.Evaluation;

public sealed class EvaluationDataTests
{
    [Fact]
    public void A_quoted_csv_field_keeps_its_commas_doubled_quotes_and_line_breaks()
    {
        var rows = EvaluationData.ReadCsv("text,category\n\"Is there a fee, or \"\"free\"\"?\nTell me\",top_up_fee\r\nplain,x\n");

        Assert.Equal(3, rows.Count);
        Assert.Equal(["Is there a fee, or \"free\"?\nTell me", "top_up_fee"], rows[1]);
        Assert.Equal(["plain", "x"], rows[2]);
    }

    [Fact]
    public void The_built_in_minimal_pairs_cover_every_kind_of_meaning_critical_difference()
    {
        var kinds = EvaluationData.BuiltInMinimalPairs().GroupBy(p => p.Kind).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(["amount", "date", "name", "negation", "number", "opposite", "quoted", "roles"], kinds.Keys.Order(StringComparer.Ordinal));
        Assert.All(kinds.Values, count => Assert.True(count >= 4));
    }

    [Fact]
    public void A_minimal_pair_line_without_three_fields_is_refused()
    {
        Assert.Throws<InvalidDataException>(() => EvaluationData.ReadMinimalPairs("kind\tfirst\tsecond\nnegation\tonly one"));
    }
}
