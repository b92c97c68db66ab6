using System.Text.Json;
using System.Text.Json.Nodes;
using Capture.Core.Imaging;
using Capture.Core.Json;
using Capture.Core.Media;

namespace Capture.Core.Tests.Json;

/// <summary>Every dictionary reads and writes exactly the browser's JSON.</summary>
public sealed class MediaJsonSpecs
{
    public static TheoryData<string, Type> BrowserPayloads => new()
    {
        { """{"advanced":[{"zoom":2}]}""", typeof(MediaTrackConstraints) },
        { """{"zoom":{"min":1,"max":4}}""", typeof(MediaTrackConstraints) },
        { """{"focusMode":"manual"}""", typeof(MediaTrackConstraints) },
        { """{"focusMode":["manual","continuous"],"whiteBalanceMode":{"exact":"manual","ideal":["continuous"]}}""", typeof(MediaTrackConstraints) },
        { """{"width":{"ideal":1280},"height":720,"aspectRatio":{"exact":1.7777777778},"frameRate":{"min":15,"max":30},"facingMode":"environment","resizeMode":"none","deviceId":{"exact":"front-door"},"groupId":"g"}""", typeof(MediaTrackConstraints) },
        { """{"pointsOfInterest":[{"x":0.5,"y":0.5}],"advanced":[{"pointsOfInterest":{"exact":[{"x":0.1,"y":0.9}]}}]}""", typeof(MediaTrackConstraints) },
        { """{"exposureCompensation":0.5,"exposureTime":{"max":100},"colorTemperature":4500,"iso":{"ideal":200},"brightness":1,"contrast":2,"saturation":3,"sharpness":4,"focusDistance":{"exact":1.5}}""", typeof(MediaTrackConstraints) },
        { """{"pan":true,"tilt":{"exact":3600},"zoom":false,"torch":{"exact":false},"backgroundBlur":true}""", typeof(MediaTrackConstraints) },
        { """{"video":{"width":640,"pan":true},"audio":false}""", typeof(MediaStreamConstraints) },
        { """{"video":true}""", typeof(MediaStreamConstraints) },
        { """{"zoom":{"max":4,"min":1,"step":0.1},"torch":[true,false],"focusMode":["manual","continuous"],"deviceId":"cam-1"}""", typeof(MediaTrackCapabilities) },
        { """{"width":1280,"aspectRatio":1.7777777778,"zoom":2,"torch":false,"focusMode":"manual","pointsOfInterest":[{"x":0.25,"y":0.75}]}""", typeof(MediaTrackSettings) },
        { """{"redEyeReduction":"controllable","imageHeight":{"max":2160,"min":240,"step":1},"imageWidth":{"max":3840,"min":320,"step":1},"fillLightMode":["auto","off","flash"]}""", typeof(PhotoCapabilities) },
        { """{"fillLightMode":"flash","imageHeight":480,"imageWidth":640,"redEyeReduction":true}""", typeof(PhotoSettings) },
        { """{"max":4,"min":1,"step":0.1}""", typeof(MediaSettingsRange) },
        { """{}""", typeof(MediaSettingsRange) },
    };

    [Theory]
    [MemberData(nameof(BrowserPayloads))]
    public void Browser_payloads_should_round_trip_unchanged(string json, Type type)
    {
        var value = JsonSerializer.Deserialize(json, type, MediaJson.Options);

        var written = JsonSerializer.SerializeToNode(value, type, MediaJson.Options);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), written), written?.ToJsonString());
    }

    [Fact]
    public void Constraints_should_read_into_the_typed_model()
    {
        var c = JsonSerializer.Deserialize<MediaTrackConstraints>("""{"zoom":{"min":1,"max":4},"focusMode":"manual","advanced":[{"zoom":2,"pan":true}]}""", MediaJson.Options)!;

        Assert.Equal(new ConstrainDouble { Min = 1, Max = 4 }, c.Zoom!.Double);
        Assert.Equal("manual", c.FocusMode!.Value![0]);
        Assert.True(c.FocusMode.Value.IsSingle);
        Assert.Equal(2, c.Advanced!.Value[0].Zoom!.Double!.Value);
        Assert.True(c.Advanced.Value[0].Pan!.Boolean);
    }

    [Fact]
    public void Code_written_like_the_javascript_should_serialize_like_it()
    {
        var c = new MediaTrackConstraints { Width = 640, FocusMode = "manual", Torch = true, Zoom = new ConstrainDouble { Ideal = 2 }, Advanced = [new() { Zoom = 3 }] };

        Assert.Equal("""{"width":640,"focusMode":"manual","zoom":{"ideal":2},"torch":true,"advanced":[{"zoom":3}]}""", JsonSerializer.Serialize(c, MediaJson.Options));
    }

    [Theory]
    [InlineData("""{"fillLightMode":"strobe"}""", typeof(PhotoSettings))]
    [InlineData("""{"zoom":"2"}""", typeof(MediaTrackConstraints))]
    [InlineData("""{"torch":{"exact":"yes"}}""", typeof(MediaTrackConstraints))]
    [InlineData("""{"focusMode":7}""", typeof(MediaTrackConstraints))]
    [InlineData("""{"imageWidth":"wide"}""", typeof(PhotoSettings))]
    public void Values_of_the_wrong_type_should_be_refused(string json, Type type) =>
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize(json, type, MediaJson.Options));

    [Fact]
    public void Unknown_members_should_be_ignored_as_WebIDL_does()
    {
        var c = JsonSerializer.Deserialize<MediaTrackConstraints>("""{"zoom":2,"whatever":{"a":[1]},"advanced":[{"futureThing":true}]}""", MediaJson.Options)!;

        Assert.Equal(2, c.Zoom!.Double!.Value);
        Assert.Single(c.Advanced!.Value);
    }

    [Fact]
    public void Track_state_should_read_as_the_W3C_string() =>
        Assert.Equal("\"ended\"", JsonSerializer.Serialize(MediaStreamTrackState.Ended, MediaJson.Options));
}
