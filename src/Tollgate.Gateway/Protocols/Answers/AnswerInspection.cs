namespace Tollgate.Gateway.Protocols.Answers;

/// <summary>
/// Whether a recorded answer may be stored, and when not, why, in a few words ("truncated", "refusal", "stream cut",
/// "error event", "not json", "status incomplete" …): the reason goes to logs and metrics as it is.
/// </summary>
internal readonly record struct AnswerInspection(bool Storable, string? Reason)
{
    public static AnswerInspection Accepted => new(true, null);

    public static AnswerInspection Refused(string reason) => new(false, reason);
}
