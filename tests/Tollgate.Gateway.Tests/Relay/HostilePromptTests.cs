using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Relay;

/// <summary>
/// A prompt made to be expensive to count (one "word" of two million letters, which byte-pair encoding takes hours to
/// count whole) costs the gateway no more than any other when it has to estimate it: the answer and the row come
/// at once, where the count used to hold the answer back for as long as it took.
/// </summary>
[Collection(GoldenRelayCollection.Name)]
public sealed class HostilePromptTests(GoldenGatewayFixture fixture)
{
    [Fact]
    public async Task A_prompt_of_one_two_million_letter_word_is_estimated_without_holding_back_the_answer()
    {
        // The provider's answer breaks off before its usage: settling the call (before answering) means counting the prompt.
        var body = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":" """ + new string('a', 2_000_000) + "\"}]}";
        var file = "openai/chat-completion.json";

        var call = await fixture.CallAsync(new GoldenResponse(file) { CutAt = GoldenFiles.OffsetOf(file, "\"usage\"") }, new GoldenDelivery(), "v1/chat/completions", body);
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        // o200k_base makes one token of every 8 letters of such a run: about 250,000.
        Assert.Equal(502, call.Status);
        Assert.Contains("usage estimated", entry.Warning, StringComparison.Ordinal);
        Assert.InRange(entry.InputTokens, 200_000, 300_000);
    }
}
