using Tollgate.Core.Caching;

namespace Tollgate.Core.Tests.Caching;

public sealed class PersonalDataTests
{
    [Theory]
    [InlineData("Reply to alice.smith+news@example.co.uk please", PersonalDataKind.Email)]
    [InlineData("mail j_doe@mail-server.example.org.", PersonalDataKind.Email)]
    [InlineData("Call +44 20 7946 0958 tomorrow", PersonalDataKind.Phone)]
    [InlineData("Call +1 (555) 123-4567", PersonalDataKind.Phone)]
    [InlineData("Call (555) 123-4567", PersonalDataKind.Phone)]
    [InlineData("my number is 555-123-4567.", PersonalDataKind.Phone)]
    [InlineData("my number is 555.123.4567", PersonalDataKind.Phone)]
    [InlineData("ring 020 7946 0958", PersonalDataKind.Phone)]
    [InlineData("portable : 06 12 34 56 78", PersonalDataKind.Phone)]
    [InlineData("card 4111 1111 1111 1111 exp 12/27", PersonalDataKind.CardNumber)]
    [InlineData("card 4111111111111111", PersonalDataKind.CardNumber)]
    [InlineData("amex 378282246310005", PersonalDataKind.CardNumber)]
    [InlineData("mc 5555-5555-5555-4444", PersonalDataKind.CardNumber)]
    [InlineData("IBAN DE89 3704 0044 0532 0130 00 for the refund", PersonalDataKind.Iban)]
    [InlineData("pay GB82WEST12345698765432 now", PersonalDataKind.Iban)]
    [InlineData("FR1420041010050500013M02606", PersonalDataKind.Iban)]
    [InlineData("key sk-proj-4fQ2x9LmZp0aB7cD1eF3gH5iJ6kL8mN", PersonalDataKind.Secret)]
    [InlineData("sk-ant-api03-Zx81kQ2mN4pL7rT0vW3yB6cD9fG", PersonalDataKind.Secret)]
    [InlineData("use tg-Qm3vX9a_Lp2-Zk8RtY4wB7nC1dF6gH0jKs", PersonalDataKind.Secret)]
    [InlineData("AWS AKIAIOSFODNN7EXAMPLE", PersonalDataKind.Secret)]
    [InlineData("token ghp_16C7e42F292c6912E7710c838347Ae178B4a", PersonalDataKind.Secret)]
    [InlineData("secret=Xk9Lq2Zr7Tb4Wn1Ym8Vc3Hd6Jf0Gs5Pa", PersonalDataKind.Secret)]
    [InlineData("Authorization: Bearer 9fK2LmQ8xR4tZ7vB1nC6dE3hJ5pS0wYa", PersonalDataKind.Secret)]
    public void Personal_data_is_found(string text, PersonalDataKind kind)
    {
        var match = PersonalData.Find(text);

        Assert.NotNull(match);
        Assert.Equal(kind, match.Value.Kind);
    }

    [Theory]
    [InlineData("card 4111 1111 1111 1112")]
    [InlineData("4111111111111112")]
    [InlineData("Where is order 1234567890?")]
    [InlineData("order #55512345678 shipped")]
    [InlineData("Meeting on 2024-01-15 at 10:30")]
    [InlineData("born 15/01/1990, moved 01.02.2003")]
    [InlineData("call 555 1234")]
    [InlineData("pi is 3.14159265358979")]
    [InlineData("revenue 1,234,567.89 in 2024")]
    [InlineData("version 10.2.3.4")]
    [InlineData("IBAN DE89 3704 0044 0532 0130 01")]
    [InlineData("@property def name(self)")]
    [InlineData("ssh root@localhost")]
    [InlineData("use icon@2x.png here")]
    [InlineData("a@b.c")]
    [InlineData("previous resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b")]
    [InlineData("id chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT")]
    [InlineData("msg_01XFDUDYJgAACzvnptvVoYEL and toolu_01A09q90qw90lq917835lq9A")]
    [InlineData("commit 3f786850e387550fdab836ed7e6dc881de23001b")]
    [InlineData("sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("pip install sk-learn-extra scikit-learn")]
    [InlineData("getUserAccountBalanceForCustomer2024ById")]
    [InlineData("HttpClientFactoryServiceCollectionExtensions2")]
    [InlineData("Classify this review: GREAT PRODUCT ARRIVED ON TIME, 5 STARS")]
    [InlineData("")]
    public void Ordinary_text_and_near_misses_are_not_personal_data(string text)
    {
        Assert.Null(PersonalData.Find(text));
    }

    [Fact]
    public void A_match_says_where_it_is()
    {
        var match = PersonalData.Find("Write to alice@example.com today");

        Assert.Equal(new PersonalDataMatch(PersonalDataKind.Email, 9, 17), match);
    }

    [Fact]
    public void Long_runs_of_separators_at_signs_and_digits_are_scanned_to_the_end()
    {
        // Inputs built to make a careless scanner rescan: each check must look at a bounded window.
        var text = string.Concat(Enumerable.Repeat("1 - ", 50_000)) + string.Concat(Enumerable.Repeat("a@", 50_000))
            + string.Concat(Enumerable.Repeat("AB12 ", 20_000)) + " 4111 1111 1111 1111";

        Assert.Equal(PersonalDataKind.CardNumber, PersonalData.Find(text)?.Kind);
    }
}
