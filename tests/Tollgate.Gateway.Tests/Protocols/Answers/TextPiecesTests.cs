using Tollgate.Gateway.Protocols.Answers;

namespace Tollgate.Gateway.Tests.Protocols.Answers;

/// <summary>How a whole answer's text is cut into a synthesized stream's deltas.</summary>
public sealed class TextPiecesTests
{
    [Theory]
    [InlineData("The invoice total is €1,284.50, due on 30 September.")]
    [InlineData("  leading and trailing spaces  ")]
    [InlineData("line one\nline two\n\nline three")]
    [InlineData("")]
    public void The_pieces_join_to_the_text_exactly(string text)
    {
        Assert.Equal(text, string.Concat(TextPieces.Split(text)));
    }

    [Fact]
    public void Each_piece_holds_a_few_words_and_starts_with_the_space_before_its_first()
    {
        var pieces = TextPieces.Split("one two three four five six seven");

        Assert.Equal(["one two three", " four five six", " seven"], pieces);
    }

    [Fact]
    public void A_run_without_spaces_is_cut_at_the_length_but_never_inside_a_surrogate_pair()
    {
        var text = string.Concat(Enumerable.Repeat("👋", 20));

        var pieces = TextPieces.Split(text, maxLength: 5);

        Assert.Equal(text, string.Concat(pieces));
        Assert.True(pieces.Count > 1);
        Assert.All(pieces, piece => Assert.False(char.IsHighSurrogate(piece[^1]), "a piece ends inside a surrogate pair"));
        Assert.All(pieces, piece => Assert.InRange(piece.Length, 1, 5));
    }
}
