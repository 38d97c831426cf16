using Burden.Worker.Meaning;

namespace Burden.Worker.Tests.Meaning;

/// <summary>The bundled models, loaded once for every test class in the "bundled models" collection.</summary>
public sealed class BundledModels : IDisposable
{
    private readonly Lazy<OnnxTextEncoder> _miniLm = new(() => OnnxTextEncoder.Load(OnnxTextEncoder.MiniLm));
    private readonly Lazy<OnnxTextEncoder> _arcticXs = new(() => OnnxTextEncoder.Load(OnnxTextEncoder.ArcticXs));

    /// <summary>The model named <paramref name="name"/>.</summary>
    public OnnxTextEncoder Get(string name) => name == OnnxTextEncoder.ArcticXs ? _arcticXs.Value : _miniLm.Value;

    public void Dispose()
    {
        if (_miniLm.IsValueCreated)
        {
            _miniLm.Value.Dispose();
        }
        if (_arcticXs.IsValueCreated)
        {
            _arcticXs.Value.Dispose();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BundledModelsCollection : ICollectionFixture<BundledModels>
{
    public const string Name = "bundled models";
}
