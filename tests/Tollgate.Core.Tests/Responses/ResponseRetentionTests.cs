using Tollgate.Core.Responses;

namespace Tollgate.Core.Tests.Responses;

public sealed class ResponseRetentionTests
{
    [Fact]
    public void The_default_keeps_records_as_long_as_the_provider_keeps_responses()
    {
        Assert.Equal(TimeSpan.FromDays(30), ResponseRetention.Default);
    }

    [Fact]
    public void The_cutoff_lies_the_retention_before_now()
    {
        var now = new DateTimeOffset(2025, 3, 31, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero), ResponseRetention.Cutoff(now, ResponseRetention.Default));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(0.5)]
    [InlineData(3651.0 * 24)]
    public void A_retention_out_of_range_is_refused_with_its_bounds(double hours)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ResponseRetention.Cutoff(DateTimeOffset.UnixEpoch.AddYears(20), TimeSpan.FromHours(hours)));

        Assert.Contains("between 1 hour and 3650 days", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_bounds_themselves_are_accepted()
    {
        Assert.True(ResponseRetention.IsValid(ResponseRetention.Minimum));
        Assert.True(ResponseRetention.IsValid(ResponseRetention.Maximum));
    }
}
