using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Capture.Pipeline.Diagnostics;

/// <summary>Renders the <c>Capture.*</c> meters in the Prometheus text format: counters as cumulative <c>_total</c> counters, up-down counters as gauges, histograms with buckets.</summary>
/// <remarks>
/// Listens with a <see cref="MeterListener"/>, so instruments cost nothing until this exists. Counters here only
/// ever grow (the meters live for the process), so they are exposed as Prometheus counters and <c>rate()</c> works.
/// </remarks>
public sealed class PrometheusExporter : IDisposable
{
    private static readonly double[] s_bucketsMs = [1, 2, 5, 10, 20, 33, 50, 67, 100, 200, 500, 1000, 5000];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Name, string Labels), Series> _series = new();
    private readonly ConcurrentDictionary<string, (string Type, string Help)> _families = new();

    /// <summary>Starts listening to every meter whose name starts with <c>Capture.</c>.</summary>
    public PrometheusExporter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith("Capture.", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>The current values, in the Prometheus text exposition format (version 0.0.4).</summary>
    public string Render()
    {
        _listener.RecordObservableInstruments();
        var text = new StringBuilder();
        foreach (var family in _series.GroupBy(s => s.Key.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var (type, help) = _families[family.Key];
            string name = type == "counter" ? $"{family.Key}_total" : family.Key;
            text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n");
            foreach (var (key, series) in family.OrderBy(s => s.Key.Labels, StringComparer.Ordinal))
            {
                series.Write(text, name, key.Labels);
            }
        }

        return text.ToString();
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string name = instrument.Name.Replace('.', '_') + (instrument.Unit == "ms" ? "_milliseconds" : string.Empty);
        bool histogram = instrument is Histogram<double>;
        string type = histogram ? "histogram" : instrument is UpDownCounter<int> or UpDownCounter<long> ? "gauge" : "counter";
        _families.TryAdd(name, (type, instrument.Description ?? name));
        _series.GetOrAdd((name, Labels(tags)), _ => new Series(histogram)).Add(value);
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new StringBuilder();
        foreach (var (key, value) in tags)
        {
            labels.Append(labels.Length == 0 ? string.Empty : ",").Append(key).Append("=\"")
                .Append(Convert.ToString(value, CultureInfo.InvariantCulture)?.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
        }

        return labels.ToString();
    }

    /// <summary>One time series: a running sum, and for histograms its count and bucket counts.</summary>
    private sealed class Series(bool histogram)
    {
        private readonly long[] _buckets = histogram ? new long[s_bucketsMs.Length] : [];
        private double _sum;
        private long _count;

        public void Add(double value)
        {
            lock (this)
            {
                _sum += value;
                _count++;
                for (int i = 0; i < _buckets.Length; i++)
                {
                    if (value <= s_bucketsMs[i])
                    {
                        _buckets[i]++;
                    }
                }
            }
        }

        public void Write(StringBuilder text, string name, string labels)
        {
            lock (this)
            {
                string Braces(string extra) => labels.Length + extra.Length == 0 ? string.Empty : $"{{{labels}{(labels.Length > 0 && extra.Length > 0 ? "," : string.Empty)}{extra}}}";
                if (!histogram)
                {
                    text.Append(CultureInfo.InvariantCulture, $"{name}{Braces(string.Empty)} {_sum}\n");
                    return;
                }

                for (int i = 0; i < _buckets.Length; i++)
                {
                    text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{Braces($"le=\"{s_bucketsMs[i]}\"")} {_buckets[i]}\n");
                }

                text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{Braces("le=\"+Inf\"")} {_count}\n");
                text.Append(CultureInfo.InvariantCulture, $"{name}_sum{Braces(string.Empty)} {_sum}\n{name}_count{Braces(string.Empty)} {_count}\n");
            }
        }
    }
}
