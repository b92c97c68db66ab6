using Capture.Drivers.GenICam;

namespace Capture.Drivers.Tests.GenICam;

/// <summary>GenICam features as W3C capabilities and settings, without a camera: names, units, increments, read-back.</summary>
public sealed class GenICamMappingSpecs
{
    [Fact]
    public void Features_should_map_to_W3C_capabilities_in_W3C_units()
    {
        var camera = new Features();
        var capabilities = GenICamMapping.For(camera, "gige").Capabilities;

        Assert.Equal((16.0, 2048.0, 4.0), (capabilities.Width!.Min!.Value, capabilities.Width.Max!.Value, capabilities.Width.Step!.Value));
        Assert.Equal((1.0, 100.0), (capabilities.FrameRate!.Min!.Value, capabilities.FrameRate.Max!.Value));
        Assert.Equal((0.1, 10000.0), (capabilities.ExposureTime!.Min!.Value, capabilities.ExposureTime.Max!.Value)); // 10 µs to 1 s, in 100 µs
        Assert.Equal<string>(["manual", "continuous"], capabilities.ExposureMode!.Value);
    }

    [Fact]
    public void Applying_should_write_only_what_changed_snapped_to_the_increment_and_answer_what_the_camera_kept()
    {
        var camera = new Features();
        var mapping = GenICamMapping.For(camera, "gige");
        var current = mapping.Read();

        var applied = mapping.Apply(current, current with { Width = 641, ExposureTime = 25 });

        Assert.Equal(["Width = 640", "ExposureTime = 2500"], camera.Written);
        Assert.Equal((640, 25.0, 512), (applied.Width, applied.ExposureTime, applied.Height));
    }

    [Fact]
    public void An_automatic_exposure_should_leave_the_exposure_time_to_the_camera()
    {
        var camera = new Features();
        var mapping = GenICamMapping.For(camera, "gige");

        var applied = mapping.Apply(mapping.Read(), mapping.Read() with { ExposureMode = "continuous", ExposureTime = 5 });

        Assert.Equal(["ExposureAuto = Continuous"], camera.Written);
        Assert.Equal("continuous", applied.ExposureMode);
    }

    [Fact]
    public void A_colour_cameras_automatic_white_balance_should_be_its_white_balance_mode_and_a_mono_camera_should_have_none()
    {
        var colour = new Features { ["BalanceWhiteAuto"] = "Continuous" };
        var mapping = GenICamMapping.For(colour, "gige-colour");

        var applied = mapping.Apply(mapping.Read(), mapping.Read() with { WhiteBalanceMode = "manual" });

        Assert.Equal<string>(["manual", "continuous"], mapping.Capabilities.WhiteBalanceMode!.Value);
        Assert.Equal(["BalanceWhiteAuto = Off"], colour.Written);
        Assert.Equal("manual", applied.WhiteBalanceMode);
        Assert.Null(GenICamMapping.For(new Features(), "gige-mono").Capabilities.WhiteBalanceMode);
        Assert.Null(GenICamMapping.For(new Features(), "gige-mono").Read().WhiteBalanceMode);
    }

    /// <summary>A camera with the Standard Features Naming Convention's names.</summary>
    private sealed class Features : IGenICamFeatures
    {
        private readonly Dictionary<string, object> _values = new()
        {
            ["Width"] = 512L,
            ["Height"] = 512L,
            ["AcquisitionFrameRate"] = 25.0,
            ["ExposureTime"] = 10000.0,
            ["ExposureAuto"] = "Off",
        };

        public List<string> Written { get; } = [];

        public object this[string feature]
        {
            get => _values[feature];
            set => _values[feature] = value;
        }

        public bool Has(string feature) => _values.ContainsKey(feature);

        public long GetInteger(string feature) => (long)_values[feature];

        public void SetInteger(string feature, long value) => Write(feature, value);

        public (long Min, long Max, long Step) IntegerRange(string feature) => (16, 2048, 4);

        public double GetFloat(string feature) => (double)_values[feature];

        public void SetFloat(string feature, double value) => Write(feature, value);

        public (double Min, double Max) FloatRange(string feature) => feature == "ExposureTime" ? (10, 1_000_000) : (1, 100);

        public string GetString(string feature) => (string)_values[feature];

        public void SetString(string feature, string value) => Write(feature, value);

        public IReadOnlyList<string> Choices(string feature) => ["Off", "Continuous"];

        public void Execute(string feature) => Written.Add(feature);

        private void Write(string feature, object value)
        {
            _values[feature] = value;
            Written.Add(FormattableString.Invariant($"{feature} = {value}"));
        }
    }
}
