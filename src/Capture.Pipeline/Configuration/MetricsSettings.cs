namespace Capture.Pipeline.Configuration;

/// <summary>Where metrics are pushed besides the Prometheus endpoint (<c>capture.metrics</c>).</summary>
/// <param name="OtlpEndpoint">The OTLP collector, or null for no push.</param>
/// <param name="OtlpOverHttp">Protobuf over HTTP (the endpoint then names the full path, e.g. <c>/v1/metrics</c>) instead of gRPC.</param>
/// <param name="OtlpInterval">How often metrics are pushed.</param>
public sealed record MetricsSettings(Uri? OtlpEndpoint, bool OtlpOverHttp, TimeSpan OtlpInterval)
{
    /// <summary>No push; the defaults of <c>reference.conf</c> otherwise.</summary>
    public static MetricsSettings Default { get; } = new(null, false, TimeSpan.FromSeconds(10));

    internal static MetricsSettings Read(ConfigReader reader)
    {
        const string Endpoint = "capture.metrics.otlp.endpoint", Protocol = "capture.metrics.otlp.protocol";
        Uri? endpoint = null;
        if (reader.Text(Endpoint) is { Length: > 0 } text
            && !(Uri.TryCreate(text, UriKind.Absolute, out endpoint) && endpoint.Scheme is "http" or "https"))
        {
            throw reader.Error(Endpoint, $"'{text}' is not an http:// or https:// address");
        }

        bool overHttp = reader.Text(Protocol) switch
        {
            "grpc" => false,
            "http" => true,
            var other => throw reader.Error(Protocol, $"'{other}' is not grpc or http"),
        };
        return new MetricsSettings(endpoint, overHttp, reader.Duration("capture.metrics.otlp.interval"));
    }
}
