using Tollgate.Core.Exchange;
using Tollgate.Gateway.Outputs;

namespace Tollgate.Gateway.Tests.Outputs;

public sealed class HeldAnswerTests
{
    [Fact]
    public async Task An_answer_within_the_limit_is_held_whole_and_written_as_it_came()
    {
        var body = Enumerable.Range(0, 40_000).Select(i => (byte)('a' + (i % 26))).ToArray();
        using var inner = new StoredAnswer(200, WireProtocol.OpenAI, body, isEventStream: false);

        using var held = await HeldAnswer.ReadAsync(inner, limit: 64 * 1024, CancellationToken.None);

        Assert.True(held.IsWhole);
        Assert.Equal(body, held.Bytes.ToArray());
        Assert.Equal(body.Length, held.ContentLength);
        Assert.Equal(body, await WrittenAsync(held));
    }

    [Fact]
    public async Task An_answer_over_the_limit_is_not_held_whole_and_is_written_in_full_held_part_first()
    {
        var body = Enumerable.Range(0, 100_000).Select(i => (byte)(i % 251)).ToArray();
        using var inner = new StoredAnswer(200, WireProtocol.Anthropic, body, isEventStream: false);

        using var held = await HeldAnswer.ReadAsync(inner, limit: 10_000, CancellationToken.None);

        Assert.False(held.IsWhole);
        Assert.InRange(held.Bytes.Length, 10_001, body.Length);
        Assert.Equal((200, WireProtocol.Anthropic), (held.Status, held.Protocol));
        Assert.Equal(body, await WrittenAsync(held));
    }

    private static async Task<byte[]> WrittenAsync(ExchangeAnswer answer)
    {
        await using var body = await answer.OpenBodyAsync(CancellationToken.None);
        using var copy = new MemoryStream();
        await body.CopyToAsync(copy);
        return copy.ToArray();
    }
}
