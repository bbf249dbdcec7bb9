using System.Text;

namespace Tollgate.Gateway.Tests.Relay;

/// <summary>Byte-for-byte comparison of relayed bodies, failing with a readable text diff first.</summary>
internal static class RelayAssert
{
    public static void SameBytes(byte[] expected, byte[] actual)
    {
        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual));
        Assert.Equal(expected, actual); // also catches differences the text decoding would hide (split characters)
    }
}
