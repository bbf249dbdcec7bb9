namespace Tollgate.Core.Settings;

/// <summary>
/// The settings made through the admin API (<see cref="SettingOverride"/>), kept so that they survive a restart.
/// Paths compare without regard to case, as configuration keys do. Implementations must be safe for concurrent use.
/// </summary>
public interface ISettingOverrideStore
{
    /// <summary>Every stored override, by path.</summary>
    ValueTask<IReadOnlyList<SettingOverride>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces, in one step, every override at and below <paramref name="path"/> with <paramref name="overrides"/>
    /// (none removes them); overrides elsewhere stay. Paths are compared segment by segment:
    /// <c>Features:summarizer</c> is not below <c>Features:summarize</c>.
    /// </summary>
    /// <exception cref="ArgumentException">An override is not at or below <paramref name="path"/>.</exception>
    ValueTask ReplaceAsync(string path, IReadOnlyList<SettingOverride> overrides, CancellationToken cancellationToken = default);
}
