namespace Tollgate.Core.Requests;

/// <summary>What is wrong with the text of a JSON string, in the words strict parsers use for it.</summary>
public enum JsonTextFaultKind
{
    /// <summary>A high-surrogate escape (<c>\uD800</c>–<c>\uDBFF</c>) with no <c>\u</c> escape after it.</summary>
    NoLowSurrogate,

    /// <summary>A high-surrogate escape followed by a <c>\u</c> escape that is not a low surrogate.</summary>
    InvalidLowSurrogate,

    /// <summary>A low-surrogate escape (<c>\uDC00</c>–<c>\uDFFF</c>) with no high surrogate before it.</summary>
    InvalidHighSurrogate,

    /// <summary>Bytes that are not UTF-8 (including UTF-8-encoded surrogates).</summary>
    InvalidUtf8,
}
