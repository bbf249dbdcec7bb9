using Tollgate.Semantic.Evaluation;

namespace Tollgate.Semantic.Tests.Evaluation;

public sealed class DuplicateOriginalsTests
{
    [Fact]
    public void Two_wordings_of_one_statement_naming_the_same_things_are_twins()
    {
        Assert.True(DuplicateOriginals.Are(
            "The \"remove_column\" function creates a new table with the specified column removed.",
            "The `remove_column` method creates a new table without the indicated column."));
        Assert.True(DuplicateOriginals.Are(
            "You can load a dataset using `AudioFolder` by specifying the data directory in `data_dir`.",
            "You can load a dataset using `audiofolder` by specifying the data directory in `data_dir`."));
    }

    [Fact]
    public void Statements_about_different_identifiers_are_not_twins_however_many_words_they_share()
    {
        Assert.False(DuplicateOriginals.Are(
            "The `rename_columns` method creates a new table with columns renamed to provided names.",
            "The `remove_column` method creates a new table without the indicated column."));
    }

    [Fact]
    public void Statements_with_few_words_in_common_are_not_twins()
    {
        Assert.False(DuplicateOriginals.Are(
            "Datasets supports audio, vision, text, and tabular data.",
            "A dataset loading script is a Python script that defines a dataset's splits."));
    }
}
