using System.Text.Json;
using System.Text.Json.Nodes;
using Capture.Core.Json;
using Capture.Core.Media;
using Capture.Core.Tests.TestKit;

namespace Capture.Core.Tests.Media;

/// <summary>The constraints algorithm, through the public track API (spec notes §2, pinned decisions 2, 9–13, 17).</summary>
public sealed class ApplyConstraintsSpecs
{
    [Fact]
    public async Task ApplyConstraints_should_name_the_constraint_when_exact_is_out_of_range()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync();

        var error = await Assert.ThrowsAsync<OverconstrainedException>(() => track.ApplyConstraintsAsync(new() { Zoom = new ConstrainDouble { Exact = 10 } }));

        Assert.Equal("zoom", error.Constraint);
        Assert.Equal(MediaErrorNames.OverconstrainedError, error.Name);
        Assert.Equal(1, track.GetSettings().Zoom);
    }

    [Theory]
    [InlineData("""{"zoom":{"min":3,"max":2}}""", "zoom")]
    [InlineData("""{"zoom":{"max":0.5}}""", "zoom")]
    [InlineData("""{"exposureTime":{"min":20000}}""", "exposureTime")]
    [InlineData("""{"focusMode":{"exact":"bogus"}}""", "focusMode")]
    [InlineData("""{"width":{"exact":5000}}""", "width")]
    [InlineData("""{"frameRate":{"min":120}}""", "frameRate")]
    [InlineData("""{"deviceId":{"exact":"someone-else"}}""", "deviceId")]
    [InlineData("""{"pan":{"exact":700000}}""", "pan")]
    public async Task ApplyConstraints_should_reject_required_constraints_that_cannot_be_met(string json, string constraint)
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync();
        var before = track.GetSettings();

        var error = await Assert.ThrowsAsync<OverconstrainedException>(() => track.ApplyConstraintsAsync(Parse(json)));

        Assert.Equal(constraint, error.Constraint);
        Assert.Equal(before, track.GetSettings());
    }

    [Fact]
    public async Task ApplyConstraints_should_report_the_first_failure_in_the_pinned_order()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync();

        var first = await Assert.ThrowsAsync<OverconstrainedException>(() => track.ApplyConstraintsAsync(
            Parse("""{"width":{"exact":99999},"zoom":{"exact":99},"whiteBalanceMode":{"exact":"bogus"}}""")));
        var second = await Assert.ThrowsAsync<OverconstrainedException>(() => track.ApplyConstraintsAsync(
            Parse("""{"width":{"exact":99999},"zoom":{"exact":99}}""")));

        Assert.Equal("whiteBalanceMode", first.Constraint);
        Assert.Equal("zoom", second.Constraint);
    }

    [Fact]
    public async Task ApplyConstraints_should_keep_previous_constraints_when_rejected()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync();
        var applied = new MediaTrackConstraints { Zoom = 2 };
        await track.ApplyConstraintsAsync(applied);

        await Assert.ThrowsAsync<OverconstrainedException>(() => track.ApplyConstraintsAsync(new() { Zoom = new ConstrainDouble { Exact = 9 } }));

        Assert.Same(applied, track.GetConstraints());
        Assert.Equal(2, track.GetSettings().Zoom);
    }

    [Theory]
    [InlineData("""{"zoom":10}""", 4)]
    [InlineData("""{"zoom":{"ideal":0.2}}""", 1)]
    [InlineData("""{"zoom":{"ideal":2.5}}""", 2.5)]
    [InlineData("""{"zoom":{"min":3}}""", 3)]
    [InlineData("""{"zoom":{"exact":2.25}}""", 2.3)]
    [InlineData("""{"zoom":2.24}""", 2.2)]
    [InlineData("""{"exposureCompensation":0.75}""", 1)]
    [InlineData("""{"exposureCompensation":0.7}""", 0.5)]
    public async Task ApplyConstraints_should_clamp_ideals_and_snap_to_the_step_grid(string json, double expectedZoomOrBias)
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync();

        await track.ApplyConstraintsAsync(Parse(json));

        var settings = track.GetSettings();
        Assert.Equal(expectedZoomOrBias, json.Contains("zoom") ? settings.Zoom : settings.ExposureCompensation);
    }

    [Fact]
    public async Task ApplyConstraints_should_keep_the_current_value_when_it_is_inside_a_new_range()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync();
        await track.ApplyConstraintsAsync(new() { Zoom = 2 });

        await track.ApplyConstraintsAsync(Parse("""{"zoom":{"min":1.5,"max":3}}"""));
        Assert.Equal(2, track.GetSettings().Zoom);

        await track.ApplyConstraintsAsync(Parse("""{"zoom":{"max":1.5}}"""));
        Assert.Equal(1.5, track.GetSettings().Zoom);
    }

    [Fact]
    public async Task ApplyConstraints_should_apply_advanced_sets_in_order_and_skip_unsatisfiable_ones()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync();

        // The first set pins zoom to 2, so the second cannot be met after it and is skipped.
        await track.ApplyConstraintsAsync(Parse("""{"advanced":[{"zoom":2},{"zoom":3},{"torch":true}]}"""));

        Assert.Equal(2, track.GetSettings().Zoom);
        Assert.True(track.GetSettings().Torch);
    }

    [Fact]
    public async Task ApplyConstraints_should_skip_a_set_as_a_whole_without_side_effects()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync();

        await track.ApplyConstraintsAsync(Parse("""{"advanced":[{"zoom":3,"focusDistance":100}],"torch":true}"""));

        Assert.Equal(1, track.GetSettings().Zoom);
        Assert.Equal(1.5, track.GetSettings().FocusDistance);
        Assert.True(track.GetSettings().Torch);
    }

    [Fact]
    public async Task ApplyConstraints_should_try_later_sets_after_a_skipped_one()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync();

        await track.ApplyConstraintsAsync(Parse("""{"advanced":[{"zoom":10},{"zoom":3}]}"""));

        Assert.Equal(3, track.GetSettings().Zoom);
    }

    [Fact]
    public async Task ApplyConstraints_should_ignore_advanced_ideals()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync();

        await track.ApplyConstraintsAsync(Parse("""{"advanced":[{"zoom":{"ideal":3}}]}"""));

        Assert.Equal(1, track.GetSettings().Zoom);
    }

    [Fact]
    public async Task ApplyConstraints_should_ignore_unsupported_properties_unless_required()
    {
        await using var rig = CameraFixture.Create(Profiles.Webcam);
        var track = await rig.OpenTrackAsync();

        await track.ApplyConstraintsAsync(Parse("""{"zoom":2,"focusMode":"manual","advanced":[{"pan":8}],"someFutureMember":1}"""));
        var required = await Assert.ThrowsAsync<OverconstrainedException>(() => track.ApplyConstraintsAsync(Parse("""{"zoom":{"min":1}}""")));

        Assert.Null(track.GetSettings().Zoom);
        Assert.Null(track.GetSettings().FocusMode);
        Assert.Null(track.GetCapabilities().Zoom);
        Assert.Equal("zoom", required.Constraint);
    }

    [Theory]
    [InlineData("""{"focusMode":"manual"}""", "manual")]
    [InlineData("""{"focusMode":["bogus","single-shot"]}""", "single-shot")]
    [InlineData("""{"focusMode":{"exact":["bogus","manual"]}}""", "manual")]
    [InlineData("""{"focusMode":"bogus"}""", "continuous")]
    [InlineData("""{"focusMode":{"exact":["manual","single-shot"],"ideal":"single-shot"}}""", "single-shot")]
    public async Task ApplyConstraints_should_handle_string_and_list_values(string json, string expected)
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync();

        await track.ApplyConstraintsAsync(Parse(json));

        Assert.Equal(expected, track.GetSettings().FocusMode);
    }

    [Fact]
    public async Task ApplyConstraints_should_handle_boolean_values()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync();

        await track.ApplyConstraintsAsync(Parse("""{"torch":{"exact":true}}"""));
        Assert.True(track.GetSettings().Torch);

        await Assert.ThrowsAsync<OverconstrainedException>(() => track.ApplyConstraintsAsync(Parse("""{"backgroundBlur":{"exact":true}}""")));
        await track.ApplyConstraintsAsync(Parse("""{"backgroundBlur":true}"""));
        Assert.False(track.GetSettings().BackgroundBlur);
    }

    [Fact]
    public async Task ApplyConstraints_should_accept_torch_exact_false_on_a_camera_that_cannot_light()
    {
        await using var rig = CameraFixture.Create(Profiles.Webcam);
        var track = await rig.OpenTrackAsync();

        await track.ApplyConstraintsAsync(Parse("""{"torch":{"exact":false}}"""));
        var on = await Assert.ThrowsAsync<OverconstrainedException>(() => track.ApplyConstraintsAsync(Parse("""{"torch":{"exact":true}}""")));

        Assert.False(track.GetSettings().Torch);
        Assert.Equal("torch", on.Constraint);
    }

    [Theory]
    [InlineData("""{"whiteBalanceMode":[]}""")]
    [InlineData("""{"exposureMode":{"exact":[]}}""")]
    [InlineData("""{"focusMode":{"ideal":[]}}""")]
    [InlineData("""{"pointsOfInterest":{"exact":[]}}""")]
    [InlineData("""{"zoom":{}}""")]
    [InlineData("""{"advanced":[]}""")]
    public async Task ApplyConstraints_should_treat_empty_values_as_no_constraint(string json)
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync();
        var before = track.GetSettings();

        await track.ApplyConstraintsAsync(Parse(json));

        Assert.Equal(before, track.GetSettings());
    }

    [Fact]
    public async Task ApplyConstraints_with_nothing_should_clear_constraints_and_keep_device_values()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync();
        await track.ApplyConstraintsAsync(new() { Zoom = new ConstrainDouble { Exact = 3 } });

        await track.ApplyConstraintsAsync();

        Assert.Equal("{}", JsonSerializer.Serialize(track.GetConstraints(), MediaJson.Options));
        Assert.Equal(3, track.GetSettings().Zoom);
    }

    [Fact]
    public async Task ApplyConstraints_should_replace_constraints_rather_than_merge_them()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync();

        await track.ApplyConstraintsAsync(Parse("""{"zoom":{"exact":3}}"""));
        await track.ApplyConstraintsAsync(Parse("""{"focusDistance":3}"""));

        Assert.Equal("""{"focusDistance":3}""", JsonSerializer.Serialize(track.GetConstraints(), MediaJson.Options));
    }

    [Fact]
    public async Task GetConstraints_should_return_what_was_applied_with_advanced_in_order()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync();
        const string json = """{"zoom":{"min":1,"max":3},"focusMode":["manual"],"pan":true,"advanced":[{"zoom":2},{"colorTemperature":4000},{"tilt":{"exact":9999999}}]}""";

        await track.ApplyConstraintsAsync(Parse(json));

        // Member order within an object does not matter; advanced order does.
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonSerializer.SerializeToNode(track.GetConstraints(), MediaJson.Options)));
    }

    [Fact]
    public async Task ApplyConstraints_should_treat_pan_tilt_zoom_booleans_as_existence_preferences()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync();
        await track.ApplyConstraintsAsync(new() { Pan = 36000 });

        await track.ApplyConstraintsAsync(Parse("""{"pan":true,"tilt":false,"advanced":[{"zoom":false,"torch":true},{"pan":true,"zoom":2}]}"""));

        Assert.Equal(36000, track.GetSettings().Pan);
        Assert.False(track.GetSettings().Torch);
        Assert.Equal(2, track.GetSettings().Zoom);
    }

    [Fact]
    public async Task ApplyConstraints_should_hide_pan_tilt_zoom_when_the_permission_is_denied()
    {
        await using var rig = CameraFixture.Create(Profiles.Small, new MediaDevicesOptions { PanTiltZoom = PanTiltZoomPermission.Denied });
        var track = await rig.OpenTrackAsync();

        await track.ApplyConstraintsAsync(Parse("""{"advanced":[{"pan":8}]}"""));
        var required = await Assert.ThrowsAsync<OverconstrainedException>(() => track.ApplyConstraintsAsync(Parse("""{"pan":{"exact":0}}""")));

        Assert.Equal("pan", required.Constraint);
        Assert.Null(track.GetCapabilities().Pan);
        Assert.Null(track.GetSettings().Zoom);
        Assert.NotNull(track.GetCapabilities().Iso);
    }

    [Fact]
    public async Task ApplyConstraints_should_clamp_points_of_interest()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync();

        await track.ApplyConstraintsAsync(Parse("""{"pointsOfInterest":[{"x":1.5,"y":-1},{"x":0.25,"y":0.75}]}"""));

        Assert.Equal([new Point2D(1, 0), new Point2D(0.25, 0.75)], track.GetSettings().PointsOfInterest!.Value.ToArray());
    }

    [Fact]
    public async Task ApplyConstraints_should_support_image_capture_and_other_constraints_together()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync();

        await track.ApplyConstraintsAsync(Parse("""{"width":640,"aspectRatio":1.3333333333,"frameRate":{"max":10},"zoom":2,"exposureMode":"manual","exposureTime":{"exact":100}}"""));

        var settings = track.GetSettings();
        Assert.Equal((640, 480, 10.0, 2.0, "manual", 100.0), (settings.Width, settings.Height, settings.FrameRate, settings.Zoom, settings.ExposureMode, settings.ExposureTime));
        Assert.Equal(640 / 480.0, settings.AspectRatio!.Value, 6);
    }

    [Fact]
    public async Task ApplyConstraints_should_reject_non_finite_numbers_as_an_argument_error()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => track.ApplyConstraintsAsync(new() { Zoom = double.NaN }));
        await Assert.ThrowsAsync<ArgumentException>(() => track.ApplyConstraintsAsync(new() { Advanced = [new() { Iso = new ConstrainDouble { Max = double.PositiveInfinity } }] }));
    }

    [Fact]
    public async Task ApplyConstraints_on_an_ended_track_should_complete_and_change_nothing()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync();
        track.Stop();

        await track.ApplyConstraintsAsync(new() { Zoom = new ConstrainDouble { Exact = 99 } });

        Assert.Equal("{}", JsonSerializer.Serialize(track.GetConstraints(), MediaJson.Options));
    }

    [Fact]
    public async Task ApplyConstraints_should_complete_in_call_order()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync();
        var calls = Enumerable.Range(1, 8).Select(i => track.ApplyConstraintsAsync(new() { Zoom = 1 + (i * 0.25) })).ToArray();

        // In call order: whenever a call has completed, every earlier call had completed before it.
        var earlierDone = await Task.WhenAll(calls.Select((call, i) => call.ContinueWith(_ => calls.Take(i).All(c => c.IsCompleted), TaskScheduler.Default)));

        Assert.All(earlierDone, Assert.True);
        Assert.Equal(3, track.GetSettings().Zoom);
    }

    [Fact]
    public async Task Settings_should_be_device_wide_while_constraints_stay_per_track()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync();
        var clone = track.Clone();

        await clone.ApplyConstraintsAsync(new() { Zoom = 3 });

        Assert.Equal(3, track.GetSettings().Zoom);
        Assert.Equal("{}", JsonSerializer.Serialize(track.GetConstraints(), MediaJson.Options));
        Assert.Equal("""{"zoom":3}""", JsonSerializer.Serialize(clone.GetConstraints(), MediaJson.Options));
    }

    [Fact]
    public async Task Settings_should_hold_a_value_inside_every_capability()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync();
        await track.ApplyConstraintsAsync(Parse("""{"zoom":3.3,"pan":{"ideal":10000},"iso":{"min":750},"colorTemperature":4321}"""));

        var caps = JsonSerializer.SerializeToElement(track.GetCapabilities(), MediaJson.Options);
        var settings = JsonSerializer.SerializeToElement(track.GetSettings(), MediaJson.Options);

        foreach (var capability in caps.EnumerateObject())
        {
            Assert.True(settings.TryGetProperty(capability.Name, out var value), $"settings lack {capability.Name}");
            switch (capability.Value.ValueKind)
            {
                case JsonValueKind.Object:
                    Assert.InRange(value.GetDouble(), capability.Value.GetProperty("min").GetDouble(), capability.Value.GetProperty("max").GetDouble());
                    break;
                case JsonValueKind.Array:
                    Assert.Contains(capability.Value.EnumerateArray(), item => item.ToString() == value.ToString());
                    break;
                default:
                    Assert.Equal(capability.Value.GetString(), value.GetString());
                    break;
            }
        }

        Assert.True(settings.TryGetProperty("pointsOfInterest", out _));
    }

    private static MediaTrackConstraints Parse(string json) => JsonSerializer.Deserialize<MediaTrackConstraints>(json, MediaJson.Options)!;
}
