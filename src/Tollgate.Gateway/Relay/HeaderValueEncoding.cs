using System.Buffers;

namespace Tollgate.Gateway.Relay;

/// <summary>
/// Makes a value from outside the gateway (the model name a provider answered with) fit in a response header. A header
/// carries visible ASCII only: Kestrel refuses a control or non-ASCII character when the header is set, which would
/// turn a good answer into a 500, and a line break is how one header smuggles in another. Such a value is
/// percent-encoded as <see cref="Uri.EscapeDataString(string)"/> encodes a URL component (UTF-8 bytes as <c>%XX</c>, all but
/// letters, digits and <c>-._~</c>), so any URL decoder gives the client every character back. A value of visible
/// ASCII without <c>%</c> (every model name the providers publish) goes out unchanged, after one scan.
/// </summary>
internal static class HeaderValueEncoding
{
    // Visible ASCII but '%', which would make an unencoded value ambiguous to decode.
    private static readonly SearchValues<char> Plain = SearchValues.Create(
        "!\"#$&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    /// <summary><paramref name="value"/> itself when a header carries it as it is, else its percent-encoded form.</summary>
    public static string PercentEncode(string value) =>
        value.Length > 0 && !value.AsSpan().ContainsAnyExcept(Plain) ? value : Uri.EscapeDataString(value);
}
