using System.Collections;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Tollgate.Gateway.Hosting;

/// <summary>
/// The configuration keys Tollgate reads, as a tree. <see cref="For(Type)"/> derives it from an options type by the rules the
/// configuration binder follows (public properties it can set, <see cref="ConfigurationKeyNameAttribute"/> names,
/// dictionaries and lists under any key), so a property or options type added to the options adds its keys here, and
/// a key the binder would ignore is a key the schema does not know.
/// </summary>
internal sealed class SettingsSchema
{
    private static readonly Type[] ScalarTypes =
    [
        typeof(string), typeof(decimal), typeof(DateTime), typeof(DateTimeOffset), typeof(DateOnly), typeof(TimeOnly),
        typeof(TimeSpan), typeof(Guid), typeof(Uri), typeof(Version),
    ];

    private readonly Kind _kind;
    private readonly Dictionary<string, SettingsSchema> _keys = new(StringComparer.OrdinalIgnoreCase);
    private SettingsSchema? _entry;

    private SettingsSchema(Kind kind) => _kind = kind;

    private enum Kind
    {
        Value,
        Section,
        Map,
        Open,
    }

    /// <summary>A single value: no key below it is read.</summary>
    public static SettingsSchema Value { get; } = new(Kind.Value);

    /// <summary>A section whose keys are not Tollgate's to check, such as .NET's <c>Logging</c> section.</summary>
    public static SettingsSchema Open { get; } = new(Kind.Open);

    /// <summary>The names of the keys a section knows (none for a value, a map or an open section).</summary>
    public IEnumerable<string> KnownKeys => _keys.Keys;

    /// <summary>A section with exactly these keys.</summary>
    public static SettingsSchema Section(params (string Key, SettingsSchema Schema)[] keys)
    {
        var section = new SettingsSchema(Kind.Section);
        foreach (var (key, schema) in keys)
        {
            section._keys.Add(key, schema);
        }

        return section;
    }

    /// <summary>Entries under names the user chooses (<c>Features:NAME</c>, or a list's indexes), each shaped like <paramref name="entry"/>.</summary>
    public static SettingsSchema Map(SettingsSchema entry) => new(Kind.Map) { _entry = entry };

    /// <summary>The keys the configuration binder reads into <paramref name="optionsType"/>.</summary>
    public static SettingsSchema For(Type optionsType) => For(optionsType, []);

    /// <summary>The schema of <paramref name="key"/> right below this one; false when it is not a key Tollgate reads.</summary>
    public bool TryGetKey(string key, out SettingsSchema schema)
    {
        switch (_kind)
        {
            case Kind.Open:
                schema = Open;
                return true;
            case Kind.Map:
                schema = _entry!;
                return true;
            default:
                return _keys.TryGetValue(key, out schema!);
        }
    }

    private static SettingsSchema For(Type type, Dictionary<Type, SettingsSchema> seen)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsPrimitive || type.IsEnum || ScalarTypes.Contains(type))
        {
            return Value;
        }

        if (seen.TryGetValue(type, out var known))
        {
            return known; // a type that contains itself: the same node, so the tree stays finite
        }

        if (ElementType(type) is { } element)
        {
            var map = new SettingsSchema(Kind.Map);
            seen[type] = map;
            map._entry = For(element, seen);
            return map;
        }

        var section = new SettingsSchema(Kind.Section);
        seen[type] = section;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length != 0 || property.GetMethod is not { IsPublic: true })
            {
                continue;
            }

            // A configuration handed over by code (GatewayOptions.ServerConfiguration) is not read from a key.
            if (typeof(IConfiguration).IsAssignableFrom(property.PropertyType))
            {
                continue;
            }

            var schema = For(property.PropertyType, seen);

            // The binder sets a property through its setter, or fills the object a getter-only property returns;
            // a getter-only value (such as a computed flag) is never read from configuration.
            if (property.SetMethod is { IsPublic: true } || schema._kind != Kind.Value)
            {
                var name = property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name;
                section._keys[name] = schema;
            }
        }

        return section;
    }

    /// <summary>The value type of a dictionary with string keys, or the element type of an array or list; null otherwise.</summary>
    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        if (!typeof(IEnumerable).IsAssignableFrom(type))
        {
            return null;
        }

        Type? element = null;
        foreach (var face in type.IsInterface ? [type, .. type.GetInterfaces()] : type.GetInterfaces())
        {
            if (!face.IsGenericType)
            {
                continue;
            }

            var definition = face.GetGenericTypeDefinition();
            if (definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>))
            {
                return face.GetGenericArguments()[1];
            }

            if (definition == typeof(IEnumerable<>))
            {
                element ??= face.GetGenericArguments()[0];
            }
        }

        return element;
    }
}
