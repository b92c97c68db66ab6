using System.Runtime.InteropServices;

namespace Capture.Drivers.GenICam.Internal;

/// <summary>
/// The thin layer over Debian's <c>libaravis-0.8-0</c> (GigE Vision and USB3 Vision through GenICam): the camera, its
/// features by name, the stream and its buffers; and the GLib calls that free what Aravis hands back.
/// </summary>
/// <remarks>Every call that can fail takes a <c>GError**</c>; <see cref="Check"/> turns a set one into an <see cref="IOException"/>.</remarks>
internal static unsafe partial class AravisNative
{
    private const string Aravis = "libaravis-0.8.so.0";
    private const string GLib = "libglib-2.0.so.0";
    private const string GObject = "libgobject-2.0.so.0";

    /// <summary><c>ARV_ACQUISITION_MODE_CONTINUOUS</c>.</summary>
    public const int AcquisitionModeContinuous = 0;

    /// <summary><c>ArvBufferStatus</c>: the buffer holds a whole image.</summary>
    public const int BufferStatusSuccess = 0;
    public const int BufferStatusAborted = 7;

    /// <summary>True when the library loads on this machine.</summary>
    public static bool IsAvailable { get; } = NativeLibrary.TryLoad(Aravis, out _);

    [LibraryImport(Aravis, EntryPoint = "arv_update_device_list")]
    public static partial void UpdateDeviceList();

    [LibraryImport(Aravis, EntryPoint = "arv_get_n_devices")]
    public static partial uint DeviceCount();

    [LibraryImport(Aravis, EntryPoint = "arv_get_device_id")]
    public static partial IntPtr DeviceId(uint index);

    [LibraryImport(Aravis, EntryPoint = "arv_camera_new", StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr CameraNew(string? name, GError** error);

    [LibraryImport(Aravis, EntryPoint = "arv_camera_get_integer", StringMarshalling = StringMarshalling.Utf8)]
    public static partial long GetInteger(IntPtr camera, string feature, GError** error);

    [LibraryImport(Aravis, EntryPoint = "arv_camera_set_integer", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void SetInteger(IntPtr camera, string feature, long value, GError** error);

    [LibraryImport(Aravis, EntryPoint = "arv_camera_get_integer_bounds", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void GetIntegerBounds(IntPtr camera, string feature, long* min, long* max, GError** error);

    [LibraryImport(Aravis, EntryPoint = "arv_camera_get_integer_increment", StringMarshalling = StringMarshalling.Utf8)]
    public static partial long GetIntegerIncrement(IntPtr camera, string feature, GError** error);

    [LibraryImport(Aravis, EntryPoint = "arv_camera_get_float", StringMarshalling = StringMarshalling.Utf8)]
    public static partial double GetFloat(IntPtr camera, string feature, GError** error);

    [LibraryImport(Aravis, EntryPoint = "arv_camera_set_float", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void SetFloat(IntPtr camera, string feature, double value, GError** error);

    [LibraryImport(Aravis, EntryPoint = "arv_camera_get_float_bounds", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void GetFloatBounds(IntPtr camera, string feature, double* min, double* max, GError** error);

    [LibraryImport(Aravis, EntryPoint = "arv_camera_get_string", StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr GetString(IntPtr camera, string feature, GError** error);

    [LibraryImport(Aravis, EntryPoint = "arv_camera_set_string", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void SetString(IntPtr camera, string feature, string value, GError** error);

    [LibraryImport(Aravis, EntryPoint = "arv_camera_dup_available_enumerations_as_strings", StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr* AvailableEnumerations(IntPtr camera, string feature, uint* count, GError** error);

    [LibraryImport(Aravis, EntryPoint = "arv_camera_is_feature_available", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int IsFeatureAvailable(IntPtr camera, string feature, GError** error);

    [LibraryImport(Aravis, EntryPoint = "arv_camera_execute_command", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void ExecuteCommand(IntPtr camera, string feature, GError** error);

    [LibraryImport(Aravis, EntryPoint = "arv_camera_set_acquisition_mode")]
    public static partial void SetAcquisitionMode(IntPtr camera, int mode, GError** error);

    [LibraryImport(Aravis, EntryPoint = "arv_camera_get_payload")]
    public static partial uint GetPayload(IntPtr camera, GError** error);

    [LibraryImport(Aravis, EntryPoint = "arv_camera_create_stream")]
    public static partial IntPtr CreateStream(IntPtr camera, IntPtr callback, IntPtr userData, GError** error);

    [LibraryImport(Aravis, EntryPoint = "arv_camera_start_acquisition")]
    public static partial void StartAcquisition(IntPtr camera, GError** error);

    [LibraryImport(Aravis, EntryPoint = "arv_camera_stop_acquisition")]
    public static partial void StopAcquisition(IntPtr camera, GError** error);

    [LibraryImport(Aravis, EntryPoint = "arv_camera_get_device")]
    public static partial IntPtr CameraDevice(IntPtr camera);

    [LibraryImport(Aravis, EntryPoint = "arv_device_get_feature", StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr DeviceFeature(IntPtr device, string feature);

    [LibraryImport(Aravis, EntryPoint = "arv_gc_feature_node_get_value_as_string")]
    public static partial IntPtr FeatureValue(IntPtr node, GError** error);

    [LibraryImport(Aravis, EntryPoint = "arv_gc_feature_node_set_value_from_string", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void SetFeatureValue(IntPtr node, string value, GError** error);

    [LibraryImport(Aravis, EntryPoint = "arv_buffer_new_allocate")]
    public static partial IntPtr BufferNew(nuint size);

    [LibraryImport(Aravis, EntryPoint = "arv_stream_push_buffer")]
    public static partial void PushBuffer(IntPtr stream, IntPtr buffer);

    [LibraryImport(Aravis, EntryPoint = "arv_stream_timeout_pop_buffer")]
    public static partial IntPtr PopBuffer(IntPtr stream, ulong timeoutMicroseconds);

    [LibraryImport(Aravis, EntryPoint = "arv_stream_get_statistics")]
    public static partial void StreamStatistics(IntPtr stream, ulong* completed, ulong* failures, ulong* underruns);

    [LibraryImport(Aravis, EntryPoint = "arv_buffer_get_status")]
    public static partial int BufferStatus(IntPtr buffer);

    [LibraryImport(Aravis, EntryPoint = "arv_buffer_get_data")]
    public static partial byte* BufferData(IntPtr buffer, nuint* size);

    [LibraryImport(Aravis, EntryPoint = "arv_buffer_get_timestamp")]
    public static partial ulong BufferTimestamp(IntPtr buffer);

    [LibraryImport(Aravis, EntryPoint = "arv_buffer_get_frame_id")]
    public static partial ulong BufferFrameId(IntPtr buffer);

    [LibraryImport(Aravis, EntryPoint = "arv_buffer_get_image_width")]
    public static partial int BufferWidth(IntPtr buffer);

    [LibraryImport(Aravis, EntryPoint = "arv_buffer_get_image_height")]
    public static partial int BufferHeight(IntPtr buffer);

    [LibraryImport(GObject, EntryPoint = "g_object_unref")]
    public static partial void Unref(IntPtr instance);

    [LibraryImport(GLib, EntryPoint = "g_error_free")]
    private static partial void ErrorFree(GError* error);

    [LibraryImport(GLib, EntryPoint = "g_free")]
    public static partial void Free(void* memory);

    /// <summary>Throws the error Aravis set (freeing it), naming what was being done.</summary>
    public static void Check(GError* error, string doing)
    {
        if (error is null)
        {
            return;
        }

        string message = Marshal.PtrToStringUTF8(error->Message) ?? "unknown error";
        ErrorFree(error);
        throw new IOException($"{doing}: {message}");
    }

    /// <summary>GLib's <c>GError</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct GError
    {
        public uint Domain;
        public int Code;
        public IntPtr Message;
    }
}
