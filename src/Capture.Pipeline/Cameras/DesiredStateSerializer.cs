using System.Runtime.Serialization;
using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;
using Capture.Core.Json;

namespace Capture.Pipeline.Cameras;

/// <summary>Writes the journal's <see cref="DesiredStates.DesiredStateRecorded"/> events as the W3C JSON a browser would send.</summary>
/// <remarks>
/// <c>{"configured":{…constraints…},"state":{"constraints":{…},"photoSettings":{…},"running":true}}</c>: readable in the
/// database, and stable across versions of this code, where a type-named default serializer is not.
/// </remarks>
internal sealed class DesiredStateSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    private const string RecordedV1 = "desired-state-recorded.v1";

    /// <summary>Unique among the actor system's serializers.</summary>
    public override int Identifier => 7301;

    /// <inheritdoc/>
    public override string Manifest(object o) => o is DesiredStates.DesiredStateRecorded
        ? RecordedV1
        : throw new ArgumentException($"{nameof(DesiredStateSerializer)} cannot write {o.GetType()}.", nameof(o));

    /// <inheritdoc/>
    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes((DesiredStates.DesiredStateRecorded)obj, MediaJson.Options);

    /// <inheritdoc/>
    public override object FromBinary(byte[] bytes, string manifest) => manifest == RecordedV1
        ? JsonSerializer.Deserialize<DesiredStates.DesiredStateRecorded>(bytes, MediaJson.Options) ?? throw new SerializationException("A desired-state event was null.")
        : throw new SerializationException($"Unknown desired-state event '{manifest}'.");
}
