namespace Tollgate.Providers.Translation;

/// <summary>Turns a provider's stream into the client protocol's, one event at a time, keeping only the state the next events need.</summary>
internal abstract class EventTranslator
{
    /// <summary>Translates one event: its name (empty when unnamed) and its <c>data</c> payload.</summary>
    public abstract void Translate(ReadOnlySpan<byte> name, ReadOnlySpan<byte> data, SseOutput output);
}
