using Tollgate.Semantic.Guards;

namespace Tollgate.Semantic.Tests.Guards;

/// <summary>The guards alone, on prompt pairs that embed close together but deserve different answers.</summary>
public sealed class MeaningGuardTests
{
    private static MeaningDifference Compare(string first, string second) => MeaningGuard.Compare(PromptFacts.Of(first), PromptFacts.Of(second));

    [Theory]
    [InlineData("Is my card working abroad?", "Is my card not working abroad?")]
    [InlineData("My top-up went through.", "My top-up didn't go through.")]
    [InlineData("I recognise this payment.", "I never recognised this payment.")]
    [InlineData("I can verify my identity.", "I cannot verify my identity.")]
    public void A_negation_on_one_side_only_is_a_difference(string first, string second)
    {
        Assert.Equal(MeaningDifference.Negation, Compare(first, second));
    }

    [Theory]
    [InlineData("Can I have 2 virtual cards?", "Can I have 5 virtual cards?")]
    [InlineData("Can I have two virtual cards?", "Can I have 5 virtual cards?")]
    [InlineData("The transfer takes 2 days.", "The transfer takes 2 weeks.")]
    [InlineData("Why was I charged twice?", "Why was I charged three times?")]
    public void Different_numbers_are_a_difference(string first, string second)
    {
        Assert.Equal(MeaningDifference.Quantity, Compare(first, second));
    }

    [Theory]
    [InlineData("I want to top up 50 pounds.", "I want to top up 500 pounds.")]
    [InlineData("Is there a fee for sending 100 USD?", "Is there a fee for sending 100 EUR?")]
    [InlineData("Can I withdraw $200?", "Can I withdraw $2,000?")]
    public void Different_amounts_or_currencies_are_a_difference(string first, string second)
    {
        Assert.Equal(MeaningDifference.Quantity, Compare(first, second));
    }

    [Theory]
    [InlineData("My payment from Monday is pending.", "My payment from Friday is pending.")]
    [InlineData("Will my card arrive today?", "Will my card arrive tomorrow?")]
    [InlineData("The transfer I made on 3 May is late.", "The transfer I made on 13 May is late.")]
    public void Different_dates_are_a_difference(string first, string second)
    {
        Assert.Equal(MeaningDifference.Quantity, Compare(first, second));
    }

    [Theory]
    [InlineData("What does the error \"card expired\" mean?", "What does the error \"card blocked\" mean?")]
    [InlineData("What does the parameter `padding` do?", "What does the parameter `truncation` do?")]
    [InlineData("Why does my statement show 'ATM fee'?", "Why does my statement show 'exchange fee'?")]
    public void Different_quoted_text_is_a_difference(string first, string second)
    {
        Assert.Equal(MeaningDifference.Quoted, Compare(first, second));
    }

    [Theory]
    [InlineData("Can I use Google Pay with my card?", "Can I use Apple Pay with my card?")]
    [InlineData("Can I send money to Alice from the app?", "Can I send money to Bob from the app?")]
    [InlineData("How do I load a model in PyTorch?", "How do I load a model in TensorFlow?")]
    public void A_name_missing_from_the_other_prompt_is_a_difference(string first, string second)
    {
        Assert.Equal(MeaningDifference.Name, Compare(first, second));
    }

    [Theory]
    [InlineData("How do I enable two-factor authentication?", "How do I disable two-factor authentication?")]
    [InlineData("Can I increase my spending limit?", "Can I decrease my spending limit?")]
    [InlineData("Can I buy cryptocurrency in the app?", "Can I sell cryptocurrency in the app?")]
    [InlineData("Was the fee charged before the transfer?", "Was the fee charged after the transfer?")]
    [InlineData("How do I turn on notifications?", "How do I turn off notifications?")]
    [InlineData("How do I freeze my card?", "How do I unfreeze my card?")]
    public void Opposite_words_are_a_difference(string first, string second)
    {
        Assert.Equal(MeaningDifference.Opposite, Compare(first, second));
    }

    [Theory]
    [InlineData("Transfer money from my savings to my current account.", "Transfer money from my current account to my savings.")]
    [InlineData("Alice sent Bob 20 pounds.", "Bob sent Alice 20 pounds.")]
    [InlineData("Is a virtual card safer than a physical card?", "Is a physical card safer than a virtual card?")]
    public void The_same_words_in_swapped_roles_are_a_difference(string first, string second)
    {
        Assert.Equal(MeaningDifference.Roles, Compare(first, second));
    }

    [Theory]
    [InlineData("How do I activate my card?", "How can I activate my new card?")]
    [InlineData("Can I use Apple Pay?", "Does my card work with apple pay?")]
    [InlineData("I want to top up 50 pounds.", "Can I top up £50?")]
    [InlineData("My card hasn't arrived yet.", "Why haven't I received my card?")]
    [InlineData("How do I enable notifications?", "How do I turn on notifications and enable alerts?")]
    [InlineData("I don't recognise this payment.", "There is a payment I do not recognise.")]
    public void Paraphrases_that_keep_every_critical_element_pass(string first, string second)
    {
        Assert.Equal(MeaningDifference.None, Compare(first, second));
    }

    [Fact]
    public void An_opposite_word_against_a_prompt_that_takes_neither_side_passes()
    {
        Assert.Equal(MeaningDifference.None, Compare("How do I enable two-factor authentication?", "How do I set up two-factor authentication?"));
    }

    [Fact]
    public void An_apostrophe_inside_a_word_is_not_a_quote()
    {
        Assert.Empty(PromptFacts.Of("I can't see the card's PIN and it isn't 'fixed'").Quoted.Except(["fixed"]));
        Assert.Equal(["fixed"], PromptFacts.Of("I can't see the card's PIN and it isn't 'fixed'").Quoted);
    }
}
