namespace Tollgate.Core.Requests;

/// <summary>A string edit value with its JSON form (quoted, escaped) worked out once, when it is recorded.</summary>
internal sealed record EncodedText(string Text, byte[] Json);
