using Microsoft.Extensions.Options;

namespace Tollgate.Gateway.Hosting;

/// <summary>
/// Options handed over as an object (an embedding host, the tests) instead of bound from configuration: every read
/// is that object, checked by the same validators as bound options. Nothing reloads it.
/// </summary>
internal sealed class GivenOptionsFactory<TOptions> : OptionsFactory<TOptions>
    where TOptions : class
{
    private readonly TOptions _options;

    public GivenOptionsFactory(TOptions options, IEnumerable<IValidateOptions<TOptions>> validations)
        : base([], [], validations) => _options = options;

    protected override TOptions CreateInstance(string name) => _options;
}
