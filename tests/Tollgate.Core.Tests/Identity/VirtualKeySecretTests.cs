using Tollgate.Core.Identity;

namespace Tollgate.Core.Tests.Identity;

public sealed class VirtualKeySecretTests
{
    [Fact]
    public void The_display_prefix_is_the_first_seven_characters_of_a_secret()
    {
        Assert.Equal("tg-AbCd", VirtualKeySecret.DisplayPrefix("tg-AbCdEfGhIjKlMnOpQrStUvWxYz012345"));
    }

    [Fact]
    public void A_secret_of_seven_characters_or_fewer_is_its_own_display_prefix()
    {
        Assert.Equal("tg-Ab", VirtualKeySecret.DisplayPrefix("tg-Ab"));
        Assert.Equal(string.Empty, VirtualKeySecret.DisplayPrefix(string.Empty));
    }
}
