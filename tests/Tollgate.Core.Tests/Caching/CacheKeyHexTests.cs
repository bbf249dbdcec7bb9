using System.Security.Cryptography;
using System.Text;
using Tollgate.Core.Caching;

namespace Tollgate.Core.Tests.Caching;

/// <summary>A key as stores keep it: 64 lower-case hex digits, read back to the same key, and nothing else accepted.</summary>
public sealed class CacheKeyHexTests
{
    [Fact]
    public void A_key_read_back_from_its_hex_is_the_same_key()
    {
        var key = CacheKey.Of(Encoding.UTF8.GetBytes("an answer"));

        var again = CacheKey.Parse(key.Hex.ToUpperInvariant());

        Assert.Equal(key, again);
        Assert.Equal(key.Hex, again.Hex);
        Assert.Matches("^[0-9a-f]{64}$", key.Hex);
    }

    [Fact]
    public void A_key_from_a_hash_holds_exactly_those_bytes()
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("an answer"));
        var copy = new byte[CacheKey.Length];

        CacheKey.FromHash(hash).CopyTo(copy);

        Assert.Equal(hash, copy);
        Assert.Equal(Convert.ToHexStringLower(hash), CacheKey.FromHash(hash).Hex);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("zz00000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("00000000000000000000000000000000000000000000000000000000000000000")]
    public void Text_that_is_not_64_hex_digits_is_refused(string hex) =>
        Assert.Throws<ArgumentException>(() => CacheKey.Parse(hex));

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void A_hash_of_the_wrong_length_is_refused(int length) =>
        Assert.Throws<ArgumentException>(() => CacheKey.FromHash(new byte[length]));
}
