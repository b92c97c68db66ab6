using System.Collections.Frozen;
using System.Runtime.Serialization;
using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;
using Capture.Core.Json;

namespace Capture.Pipeline.Cameras;

/// <summary>
/// Writes the camera protocol (every <see cref="ICameraMessage"/>: commands, replies, events, and the
/// <see cref="CrossNodeRigMessages"/>) as the W3C JSON the REST
/// API speaks, so that a command and its reply can cross nodes. Akka's default serializer cannot: it writes .NET
/// type names and fails on the media model's value types (a <c>ConstrainString</c>'s list, for one).
/// </summary>
internal sealed class CameraProtocolSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>The rig's messages that cross nodes: one node's rig asking another for the device cameras it runs (declared before the table that reads it).</summary>
    public static IReadOnlyList<Type> CrossNodeRigMessages { get; } = [typeof(Rig.GetDeviceCameras), typeof(Rig.CameraList)];

    private static readonly FrozenDictionary<string, Type> s_messages = typeof(ICameraMessage).Assembly.GetTypes()
        .Where(type => type.IsClass && !type.IsAbstract && typeof(ICameraMessage).IsAssignableFrom(type))
        .Concat(CrossNodeRigMessages)
        .ToFrozenDictionary(ManifestOf);

    /// <summary>Unique among the actor system's serializers.</summary>
    public override int Identifier => 7302;

    /// <inheritdoc/>
    public override string Manifest(object o) => ManifestOf((o ?? throw new ArgumentNullException(nameof(o))).GetType());

    /// <inheritdoc/>
    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), MediaJson.Options);

    /// <inheritdoc/>
    public override object FromBinary(byte[] bytes, string manifest) => s_messages.TryGetValue(manifest, out var type)
        ? JsonSerializer.Deserialize(bytes, type, MediaJson.Options) ?? throw new SerializationException($"A '{manifest}' was null.")
        : throw new SerializationException($"Unknown camera message '{manifest}'.");

    /// <summary>The type's name under its namespace (<c>Camera+ApplyConstraints</c>): stable while the protocol is.</summary>
    private static string ManifestOf(Type type) => type.FullName![(type.Namespace!.Length + 1)..];
}
