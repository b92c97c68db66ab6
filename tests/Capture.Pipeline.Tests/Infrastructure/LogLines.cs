using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Capture.Pipeline.Tests.Infrastructure;

/// <summary>A logger provider that keeps every line with its category, level and structured properties, for a spec to wait on one.</summary>
public sealed class LogLines : ILoggerProvider
{
    private readonly ConcurrentQueue<LogLine> _lines = new();

    /// <summary>Every line so far.</summary>
    public IReadOnlyCollection<LogLine> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    /// <summary>The first line containing <paramref name="text"/>, waited for up to 10 s.</summary>
    public async Task<LogLine> WaitForAsync(string text)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            if (_lines.FirstOrDefault(l => l.Message.Contains(text, StringComparison.Ordinal)) is { } line)
            {
                return line;
            }

            if (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"no line with '{text}' in:\n{string.Join('\n', _lines.Select(l => l.Message))}");
            }

            await Task.Delay(20, CancellationToken.None);
        }
    }

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<LogLine> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value)
                : [];
            lines.Enqueue(new LogLine(category, logLevel, formatter(state, exception), properties));
        }
    }
}

/// <summary>One log line as a provider receives it.</summary>
public sealed record LogLine(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Properties);
