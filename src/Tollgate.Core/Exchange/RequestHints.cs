namespace Tollgate.Core.Exchange;

/// <summary>What the client said about the request in <c>x-tollgate-*</c> and <c>cache-control</c> headers.</summary>
public readonly record struct RequestHints
{
    /// <summary><c>x-tollgate-user</c>.</summary>
    public string? User { get; init; }

    /// <summary><c>x-tollgate-feature</c>.</summary>
    public string? Feature { get; init; }

    /// <summary><c>x-tollgate-team</c>.</summary>
    public string? Team { get; init; }

    /// <summary><c>x-tollgate-tags</c>, as sent: the identify stage reads it (<see cref="Identity.RequestTags.TryParse"/>).</summary>
    public string? Tags { get; init; }

    /// <summary><c>x-tollgate-task</c>.</summary>
    public string? Task { get; init; }

    /// <summary><c>x-tollgate-class</c>.</summary>
    public string? WorkloadClass { get; init; }

    /// <summary><c>x-tollgate-prompt-version</c>: part of the response cache's key, so a new prompt version misses.</summary>
    public string? PromptVersion { get; init; }

    /// <summary><c>cache-control</c>.</summary>
    public string? CacheControl { get; init; }

    /// <summary><c>x-tollgate-attempt-of</c>: the id of the earlier request this one re-asks.</summary>
    public string? AttemptOf { get; init; }
}
