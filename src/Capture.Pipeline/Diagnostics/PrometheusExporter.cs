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
    private readonly ConcurrentDictionary<SeriesKey, Series> _series = new();

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
        foreach (var family in _series.Values.GroupBy(s => s.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var first = family.First();
            string name = first.Type == "counter" ? $"{family.Key}_total" : family.Key;
            text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {first.Help}\n# TYPE {name} {first.Type}\n");
            foreach (var series in family.OrderBy(s => s.Labels, StringComparer.Ordinal))
            {
                series.Write(text, name);
            }
        }

        return text.ToString();
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();

    /// <summary>Adds a measurement to its series; the frame path's steady state finds the series by its tag values, building no string.</summary>
    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = SeriesKey.Of(instrument, tags);
        if (!_series.TryGetValue(key, out var series))
        {
            series = _series.GetOrAdd(key, Series.For(instrument, Labels(tags)));
        }

        series.Add(value);
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

    /// <summary>Which series a measurement belongs to: its instrument and up to three tags, compared by value (a boxed enum too).</summary>
    /// <remarks>More tags than three (none of ours) share the series of their first three.</remarks>
    private readonly record struct SeriesKey(Instrument Instrument, string? Key1, object? Value1, string? Key2, object? Value2, string? Key3, object? Value3)
    {
        public static SeriesKey Of(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags) => new(
            instrument,
            tags.Length > 0 ? tags[0].Key : null, tags.Length > 0 ? tags[0].Value : null,
            tags.Length > 1 ? tags[1].Key : null, tags.Length > 1 ? tags[1].Value : null,
            tags.Length > 2 ? tags[2].Key : null, tags.Length > 2 ? tags[2].Value : null);
    }

    /// <summary>One time series: its family's name, type and help, its labels, a running sum, and for histograms its count and bucket counts.</summary>
    private sealed class Series(string name, string type, string help, string labels)
    {
        private readonly long[] _buckets = type == "histogram" ? new long[s_bucketsMs.Length] : [];
        private double _sum;
        private long _count;

        public string Name => name;

        public string Type => type;

        public string Help => help;

        public string Labels => labels;

        public static Series For(Instrument instrument, string labels)
        {
            string name = instrument.Name.Replace('.', '_') + (instrument.Unit == "ms" ? "_milliseconds" : string.Empty);
            string type = instrument is Histogram<double> ? "histogram" : instrument is UpDownCounter<int> or UpDownCounter<long> ? "gauge" : "counter";
            return new Series(name, type, instrument.Description ?? name, labels);
        }

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

        public void Write(StringBuilder text, string name)
        {
            lock (this)
            {
                string Braces(string extra) => labels.Length + extra.Length == 0 ? string.Empty : $"{{{labels}{(labels.Length > 0 && extra.Length > 0 ? "," : string.Empty)}{extra}}}";
                if (_buckets.Length == 0)
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
