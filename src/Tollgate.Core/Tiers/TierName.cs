namespace Tollgate.Core.Tiers;

/// <summary>What a tier may be called: it is part of the ids of its members' budgets (<see cref="TierBudget"/>).</summary>
public static class TierName
{
    /// <summary>The longest name a tier may have.</summary>
    public const int MaxLength = 64;

    /// <summary>Whether <paramref name="name"/> is 1 to <see cref="MaxLength"/> letters, digits, '.', '_' and '-'.</summary>
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Throws when <paramref name="name"/> is not a valid tier name.</summary>
    /// <exception cref="ArgumentException">It is not.</exception>
    public static void Validate(string name, string paramName)
    {
        if (!IsValid(name))
        {
            throw new ArgumentException($"The tier '{name}' is not a tier's name: 1 to {MaxLength} letters, digits, '.', '_' and '-'.", paramName);
        }
    }
}
