namespace Tollgate.Storage.Embedded.Identity;

/// <summary>The rules for a virtual key's name, which people type on the command line and see in reports.</summary>
internal static class VirtualKeyName
{
    public const int MaxLength = 100;

    /// <exception cref="ArgumentException">The name is empty, too long or holds control characters.</exception>
    public static void Validate(string? name, string parameterName)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A virtual key needs a name: it must not be empty or blank.", parameterName);
        }

        if (name.Length > MaxLength)
        {
            throw new ArgumentException($"A virtual key name is at most {MaxLength} characters; this one has {name.Length}.", parameterName);
        }

        foreach (var character in name)
        {
            if (char.IsControl(character))
            {
                throw new ArgumentException("A virtual key name must not contain control characters (such as tabs or line breaks).", parameterName);
            }
        }
    }
}
