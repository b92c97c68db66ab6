using System.Collections;
using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;
using Akka.Hosting.Logging;
using Microsoft.Extensions.Logging;
using AkkaLogLevel = Akka.Event.LogLevel;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Capture.Pipeline.Hosting;

/// <summary>
/// Akka's logger that writes every log event to Microsoft.Extensions.Logging once: under the category of the class that
/// logged (<c>Capture.Pipeline.Cameras.CameraActor</c>, <c>Akka.Actor.CoordinatedShutdown</c>), as the message alone, with
/// the template's named values and the logger's context (a camera's <c>CameraId</c>) as structured properties.
/// </summary>
/// <remarks>
/// Akka.Hosting's own <c>LoggerFactoryLogger</c> logs everything under one category with Akka's text prefix
/// (<c>[INFO][time][Thread][path]</c>) inside the message, so each line carried two headers. The logger factory comes from
/// the <see cref="LoggerFactorySetup"/> that Akka.Hosting adds to the actor system.
/// Register with <c>ConfigureLoggers(l => l.ClearLoggers().AddLogger&lt;LoggerFactoryBridge&gt;())</c>.
/// </remarks>
public sealed class LoggerFactoryBridge : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    private readonly ILoggerFactory _factory;
    private readonly Dictionary<Type, ILogger> _loggers = [];

    /// <summary>Creates the bridge over the actor system's logger factory.</summary>
    public LoggerFactoryBridge()
    {
        var setup = Context.System.Settings.Setup.Get<LoggerFactorySetup>();
        _factory = setup.HasValue
            ? setup.Value.LoggerFactory
            : throw new InvalidOperationException("LoggerFactoryBridge needs the actor system's LoggerFactorySetup, which Akka.Hosting adds when the host has an ILoggerFactory.");
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(Write);
    }

    private void Write(LogEvent log)
    {
        var logger = LoggerFor(log.LogClass);
        var level = LevelOf(log.LogLevel());
        if (logger.IsEnabled(level))
        {
            logger.Log(level, default, new AkkaLogState(log), log.Cause, static (state, _) => state.Message);
        }
    }

    private ILogger LoggerFor(Type? source)
    {
        source ??= typeof(ActorSystem);
        if (!_loggers.TryGetValue(source, out var logger))
        {
            logger = _factory.CreateLogger(source.FullName ?? source.Name);
            _loggers[source] = logger;
        }

        return logger;
    }

    private static LogLevel LevelOf(AkkaLogLevel level) => level switch
    {
        AkkaLogLevel.DebugLevel => LogLevel.Debug,
        AkkaLogLevel.InfoLevel => LogLevel.Information,
        AkkaLogLevel.WarningLevel => LogLevel.Warning,
        _ => LogLevel.Error,
    };

    /// <summary>The event's properties as Microsoft.Extensions.Logging reads structured state: the named values, the logging actor, and the template last as <c>{OriginalFormat}</c>.</summary>
    private sealed class AkkaLogState : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly List<KeyValuePair<string, object?>> _properties = [];

        public AkkaLogState(LogEvent log)
        {
            Message = log.Message?.ToString() ?? string.Empty;
            if (log.TryGetProperties(out var properties) && properties is not null)
            {
                foreach (var (name, value) in properties)
                {
                    _properties.Add(new(name, value));
                }
            }

            _properties.Add(new("LogSource", log.LogSource));
            _properties.Add(new("{OriginalFormat}", log.GetTemplate()));
        }

        public string Message { get; }

        public int Count => _properties.Count;

        public KeyValuePair<string, object?> this[int index] => _properties[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _properties.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => Message;
    }
}
