using Microsoft.Extensions.Time.Testing;
using Tollgate.Core.Caching;

namespace Tollgate.Core.Tests.Caching;

public sealed class CacheLifetimeTests
{
    private static readonly TimeZoneInfo s_tokyo = TimeZoneInfo.CreateCustomTimeZone("test+9", TimeSpan.FromHours(9), "test+9", "test+9");
    private static readonly TimeZoneInfo s_newYork = TimeZoneInfo.CreateCustomTimeZone("test-5", TimeSpan.FromHours(-5), "test-5", "test-5");

    // 14:30 UTC: 23:30 in UTC+9, 09:30 in UTC-5.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 14, 30, 0, TimeSpan.Zero));

    [Fact]
    public void A_timeless_prompt_lives_seven_days()
    {
        Assert.Equal(TimeSpan.FromDays(7), CacheLifetime.For("Classify: great product", _time, TimeZoneInfo.Utc));
    }

    [Fact]
    public void A_time_sensitive_prompt_early_in_the_day_lives_one_hour()
    {
        Assert.Equal(TimeSpan.FromHours(1), CacheLifetime.For("What's the weather in Paris?", _time, s_newYork));
    }

    [Fact]
    public void A_time_sensitive_prompt_late_in_the_day_lives_until_midnight_in_the_configured_zone()
    {
        Assert.Equal(TimeSpan.FromMinutes(30), CacheLifetime.For("What's the weather in Tokyo?", _time, s_tokyo));
    }

    [Fact]
    public void The_same_instant_gives_each_zone_its_own_end_of_day()
    {
        var prompt = "latest news";

        Assert.Equal(TimeSpan.FromMinutes(30), CacheLifetime.For(prompt, _time, s_tokyo));
        Assert.Equal(TimeSpan.FromHours(1), CacheLifetime.For(prompt, _time, TimeZoneInfo.Utc));
        Assert.Equal(TimeSpan.FromHours(1), CacheLifetime.For(prompt, _time, s_newYork));
    }

    [Fact]
    public void Past_midnight_a_time_sensitive_prompt_gets_a_full_hour_again()
    {
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 2, 14, 59, 30, TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromSeconds(30), CacheLifetime.For("today's price of gold", _time, s_tokyo));

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(TimeSpan.FromHours(1), CacheLifetime.For("today's price of gold", _time, s_tokyo));
    }

    [Fact]
    public void An_override_replaces_the_default()
    {
        Assert.Equal(TimeSpan.FromDays(2), CacheLifetime.For("Classify", _time, TimeZoneInfo.Utc, TimeSpan.FromDays(2)));
    }

    [Fact]
    public void An_override_cannot_pass_the_fourteen_day_maximum()
    {
        Assert.Equal(TimeSpan.FromDays(14), CacheLifetime.For("Classify", _time, TimeZoneInfo.Utc, TimeSpan.FromDays(30)));
    }

    [Fact]
    public void An_override_does_not_lift_the_cap_on_a_time_sensitive_prompt()
    {
        Assert.Equal(TimeSpan.FromMinutes(30), CacheLifetime.For("stock price now", _time, s_tokyo, TimeSpan.FromDays(3)));
    }

    [Fact]
    public void A_zero_override_stores_nothing()
    {
        Assert.Equal(TimeSpan.Zero, CacheLifetime.For("Classify", _time, TimeZoneInfo.Utc, TimeSpan.Zero));
    }

    [Theory]
    [InlineData("What is the weather in Paris?")]
    [InlineData("Give me the latest iPhone model")]
    [InlineData("What happened this week in tech?")]
    [InlineData("plans for next month")]
    [InlineData("Is the shop open now?")]
    [InlineData("What day is TODAY")]
    [InlineData("the price of gold")]
    [InlineData("What happened on 2026-12-01?")]
    [InlineData("invoice due 02/12/2026")]
    [InlineData("Termin am 2.12.2026")]
    [InlineData("current exchange rate EUR/USD")]
    [InlineData("recent news about rust")]
    public void Prompts_that_depend_on_the_moment_of_asking_are_time_sensitive(string prompt)
    {
        Assert.True(CacheLifetime.DependsOnTime(prompt));
    }

    [Theory]
    [InlineData("Classify: great product")]
    [InlineData("Translate 'good morning' into French")]
    [InlineData("What is the time complexity of quicksort?")]
    [InlineData("Set the temperature parameter to 0")]
    [InlineData("Explain the knowledge of nowhere men")]
    [InlineData("Upgrade from version 1.2.3 to 2.0")]
    [InlineData("This is a test")]
    [InlineData("Summarise the week's chapter: the last word")]
    public void Timeless_prompts_are_not_time_sensitive(string prompt)
    {
        Assert.False(CacheLifetime.DependsOnTime(prompt));
    }
}
