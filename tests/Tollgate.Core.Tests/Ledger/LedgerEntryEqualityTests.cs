using System.Reflection;
using Tollgate.Core.Identity;
using Tollgate.Core.Ledger;

namespace Tollgate.Core.Tests.Ledger;

public sealed class LedgerEntryEqualityTests
{
    private static readonly LedgerEntry Row = new()
    {
        RequestId = "req_1",
        Timestamp = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero),
        Endpoint = "/v1/messages",
        CacheStatus = "miss",
        Savings = [new LeverSaving(Levers.Routing, 0.03m)],
        AttemptRecords = [new AttemptRecord { Number = 1, Status = 500 }, new AttemptRecord { Number = 2, Status = 200 }],
    };

    [Fact]
    public void Rows_with_the_same_savings_and_attempts_in_other_lists_are_equal()
    {
        var copy = Row with
        {
            Savings = new List<LeverSaving> { new(Levers.Routing, 0.030m) },
            AttemptRecords = new List<AttemptRecord> { new() { Number = 1, Status = 500 }, new() { Number = 2, Status = 200 } },
        };

        Assert.Equal(Row, copy);
        Assert.Equal(Row.GetHashCode(), copy.GetHashCode());
    }

    [Fact]
    public void Rows_that_differ_in_any_one_property_are_not_equal()
    {
        // Equality is written by hand (the lists compare item by item): a property left out of it would make rows
        // that differ look the same to every test that compares them.
        var properties = typeof(LedgerEntry).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(property => property.CanWrite).ToList();
        Assert.True(properties.Count >= 30, $"only {properties.Count} settable properties found");

        foreach (var property in properties)
        {
            var changed = Clone(Row);
            property.SetValue(changed, OtherValue(property.PropertyType, property.GetValue(Row)));

            Assert.False(Row.Equals(changed), $"rows differing only in {property.Name} compare equal");
        }
    }

    private static LedgerEntry Clone(LedgerEntry entry) => (LedgerEntry)typeof(LedgerEntry).GetMethod("<Clone>$")!.Invoke(entry, null)!;

    private static object? OtherValue(Type type, object? value) => type switch
    {
        _ when type == typeof(string) => (string?)value + "-other",
        _ when type == typeof(DateTimeOffset) => ((DateTimeOffset)value!).AddTicks(1),
        _ when type == typeof(bool) => !(bool)value!,
        _ when type == typeof(bool?) => value is true ? false : true,
        _ when type == typeof(int) => (int)value! + 1,
        _ when type == typeof(long) => (long)value! + 1,
        _ when type == typeof(double) => (double)value! + 1,
        _ when type == typeof(double?) => ((double?)value ?? 0) + 1,
        _ when type == typeof(decimal?) => ((decimal?)value ?? 0m) + 1m,
        _ when type == typeof(long?) => ((long?)value ?? 0) + 1,
        _ when type == typeof(IReadOnlyList<LeverSaving>) => new[] { new LeverSaving(Levers.Batch, 0.03m) },
        _ when type == typeof(RequestTags) => RequestTags.Create([new("project", "other")]),
        _ when type == typeof(IReadOnlyList<AttemptRecord>) => new[] { new AttemptRecord { Number = 1, Status = 500 } },
        _ => throw new InvalidOperationException($"No other value known for {type}; add one here."),
    };
}
