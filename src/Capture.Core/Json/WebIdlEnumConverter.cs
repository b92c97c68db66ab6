using System.Text.Json.Serialization;

namespace Capture.Core.Json;

/// <summary>A W3C enum as its string only: WebIDL has no numbers for enum values, so <c>{"fillLightMode":1}</c> is a TypeError, as in a browser.</summary>
/// <typeparam name="TEnum">The enum.</typeparam>
public sealed class WebIdlEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(namingPolicy: null, allowIntegerValues: false)
    where TEnum : struct, Enum;
