namespace Tollgate.Core.Identity;

/// <summary>An active virtual key already has the name a new key asked for.</summary>
public sealed class VirtualKeyNameTakenException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="name"/>.</summary>
    public VirtualKeyNameTakenException(string name, Exception? innerException = null)
        : base($"An active virtual key named '{name}' already exists. Revoke it first or choose another name.", innerException)
    {
        Name = name;
    }

    /// <summary>The name asked for.</summary>
    public string Name { get; }
}
