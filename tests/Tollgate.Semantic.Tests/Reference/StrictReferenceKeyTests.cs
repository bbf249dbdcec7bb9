using Tollgate.Semantic.Reference;

namespace Tollgate.Semantic.Tests.Reference;

public sealed class StrictReferenceKeyTests
{
    [Fact]
    public void Words_are_the_runs_of_letters_digits_and_apostrophes()
    {
        Assert.Equal("don't stop 2fa x9 caf\u00e9", StrictReferenceKey.Of("don't-stop, (2fa)! x9...caf\u00e9?"));
    }

    [Fact]
    public void Words_are_lower_cased()
    {
        Assert.Equal("card pin atm", StrictReferenceKey.Of("CARD Pin aTm"));
    }

    [Fact]
    public void Ing_is_stripped_only_from_a_word_longer_than_six_letters()
    {
        Assert.Equal("book bring", StrictReferenceKey.Of("booking bring"));
    }

    [Fact]
    public void Ed_is_stripped_only_from_a_word_longer_than_five_letters()
    {
        Assert.Equal("charg used", StrictReferenceKey.Of("charged used"));
    }

    [Fact]
    public void Es_is_stripped_only_from_a_word_longer_than_five_letters()
    {
        Assert.Equal("charg uses", StrictReferenceKey.Of("charges uses"));
    }

    [Fact]
    public void S_is_stripped_only_from_a_word_longer_than_four_letters()
    {
        Assert.Equal("card fees", StrictReferenceKey.Of("cards fees"));
    }

    [Fact]
    public void Ly_is_stripped_only_from_a_word_longer_than_five_letters()
    {
        Assert.Equal("quick only", StrictReferenceKey.Of("quickly only"));
    }

    [Fact]
    public void Endings_are_tried_in_order_and_only_the_first_that_fits_is_stripped()
    {
        // "blesses": es before s; "feelings": s alone (ing is not at the end), and the ing left is kept.
        Assert.Equal("bless feeling", StrictReferenceKey.Of("blesses feelings"));
    }

    [Fact]
    public void Filler_words_are_dropped_after_the_endings_are_stripped()
    {
        // "theirs" loses its s and is then the filler "their".
        Assert.Equal("card", StrictReferenceKey.Of("Is the card theirs? Please, it should be here for all of us"));
    }

    [Fact]
    public void Question_words_negations_numbers_and_names_are_kept()
    {
        Assert.Equal("why 2fa not work alice", StrictReferenceKey.Of("Why is 2FA not working for Alice?"));
    }

    [Fact]
    public void The_key_keeps_the_words_in_their_order()
    {
        Assert.NotEqual(StrictReferenceKey.Of("Alice paid Bob"), StrictReferenceKey.Of("Bob paid Alice"));
        Assert.Equal("alice paid bob", StrictReferenceKey.Of("Alice paid Bob"));
    }

    [Fact]
    public void Every_listed_filler_word_is_dropped()
    {
        const string fillers = "a an the is are was were be been do does did of in on at to for from by with about as and or but if then than " +
            "that this these those it its i you he she we they my your our their me him her us them can could should would will shall may " +
            "might must there here have has had some any all please";

        Assert.Equal(68, fillers.Split(' ').Length);
        Assert.Equal("", StrictReferenceKey.Of(fillers));
    }
}
