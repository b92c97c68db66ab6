using System.Collections;
using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Capture.Core.Json;

namespace Capture.Core.Media;

/// <summary>A DOMString or a sequence of DOMStrings, as constraint values accept; any member satisfies it.</summary>
/// <remarks>Remembers which of the two forms it came from, so it serializes back unchanged.</remarks>
[JsonConverter(typeof(StringListConverter))]
public sealed class StringList : IReadOnlyList<string>, IEquatable<StringList>
{
    private readonly ImmutableArray<string> _items;

    private StringList(ImmutableArray<string> items, bool isSingle)
    {
        _items = items;
        IsSingle = isSingle;
    }

    /// <summary>True when this came from one string rather than a list.</summary>
    public bool IsSingle { get; }

    /// <inheritdoc />
    public int Count => _items.Length;

    /// <inheritdoc />
    public string this[int index] => _items[index];

    /// <summary>One string.</summary>
    public static implicit operator StringList(string value) => new([value], isSingle: true);

    /// <summary>A list of strings; any member satisfies the constraint.</summary>
    public static implicit operator StringList(string[] values) => new([.. values], isSingle: false);

    /// <summary>One string.</summary>
    public static StringList FromString(string value) => value;

    /// <summary>A list of strings.</summary>
    public static StringList FromStrings(IEnumerable<string> values) => new([.. values], isSingle: false);

    /// <inheritdoc />
    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public bool Equals(StringList? other) => other is not null && IsSingle == other.IsSingle && _items.SequenceEqual(other._items);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as StringList);

    /// <inheritdoc />
    public override int GetHashCode() => _items.Aggregate(IsSingle.GetHashCode(), HashCode.Combine);

    /// <inheritdoc />
    public override string ToString() => IsSingle ? _items[0] : $"[{string.Join(", ", _items)}]";
}
