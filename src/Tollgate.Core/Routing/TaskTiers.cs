namespace Tollgate.Core.Routing;

/// <summary>
/// The tier each task type (<c>x-tollgate-task</c>) goes to unless a feature's routing rule says otherwise:
/// classification, extraction and formatting → small; summarization, chat and creative → medium; reasoning and code →
/// frontier.
/// </summary>
public static class TaskTiers
{
    /// <summary>The task types, as <c>x-tollgate-task</c> names them.</summary>
    public static readonly string[] TaskTypes = ["classification", "extraction", "formatting", "summarization", "chat", "reasoning", "creative", "code"];

    /// <summary>The default tier of <paramref name="task"/> (a name of <see cref="TaskTypes"/>, lower case), or null when it is none.</summary>
    public static ModelTier? Default(string task) => task switch
    {
        "classification" or "extraction" or "formatting" => ModelTier.Small,
        "summarization" or "chat" or "creative" => ModelTier.Medium,
        "reasoning" or "code" => ModelTier.Frontier,
        _ => null,
    };

    /// <summary>The task type <paramref name="task"/> names (any case, trimmed), lower case; null when it names none.</summary>
    public static string? Normalise(string? task)
    {
        if (task is null)
        {
            return null;
        }

        var trimmed = task.AsSpan().Trim();
        foreach (var known in TaskTypes)
        {
            if (trimmed.Equals(known, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        return null;
    }
}
