using System.Globalization;
using Marten;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using SkiaSharp;
using Supervision.Shared;

namespace Supervision.Files;

/// <summary>
/// Where and when a file was captured, as the device told it at upload (issue 16 §1). <see cref="DeviceTime"/> is the
/// device's clock; the server's time of receipt is kept beside it, so a wrong device clock shows instead of being trusted.
/// </summary>
public sealed record CaptureInfo(DateTimeOffset? DeviceTime, double? Latitude, double? Longitude, double? AccuracyMeters);

/// <summary>
/// One capture of a stored file by one user: the device's statement (<see cref="CaptureInfo"/>), the server's time of
/// receipt, what the photo's own EXIF says (time taken, GPS) and the server-made thumbnail. Keyed "sha256/user": the same
/// bytes uploaded by two officers are two captures of one file.
/// </summary>
public sealed class FileCapture
{
    public string Id { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public string CapturedBy { get; set; } = "";
    public string JurisdictionPath { get; set; } = "";
    public DateTimeOffset? DeviceTime { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public double? AccuracyMeters { get; set; }
    public DateTimeOffset? ExifTakenAt { get; set; }
    public double? ExifLatitude { get; set; }
    public double? ExifLongitude { get; set; }
    public string? ThumbnailSha256 { get; set; }

    public static string IdOf(string sha256, string userName) => sha256 + "/" + userName;
}

/// <summary>
/// A file as a case's event names it: the hash (so the event's hash chain covers the bytes), what it is and everything known
/// about its capture. <see cref="ClockSkewFlagged"/>: the device's clock was more than 24 hours off the server's — accepted,
/// but shown on the case.
/// </summary>
public sealed record EvidenceFile(string Sha256, string MediaType, long Size, string? FileName, string CapturedBy, DateTimeOffset? DeviceTime,
    DateTimeOffset ReceivedAt, double? Latitude, double? Longitude, double? AccuracyMeters, DateTimeOffset? ExifTakenAt, double? ExifLatitude,
    double? ExifLongitude, string? ThumbnailSha256, bool ClockSkewFlagged);

/// <summary>The answer to an upload: the file's hash (what an event names), size, type told from its content, the name given,
/// the server-made thumbnail of a photo, what its EXIF says, and whether the device's clock was more than 24 hours off.</summary>
public sealed record FileUploaded(string Sha256, long Size, string MediaType, string? FileName, string? ThumbnailSha256,
    DateTimeOffset? ExifTakenAt, double? ExifLatitude, double? ExifLongitude, bool ClockSkewFlagged);

public static class EvidenceFiles
{
    public const int MaxFilesPerStep = 50;

    /// <summary>What an event records of a step's files: null when none, as in the events recorded before steps took files.</summary>
    public static EvidenceFile[]? InEvent(EvidenceFile[]? files) => files is { Length: > 0 } ? files : null;
    public static readonly TimeSpan AllowedClockSkew = TimeSpan.FromHours(24);

    /// <summary>
    /// Where an officer of this region can plausibly be (the Xinjiang Uygur Autonomous Region's extent with a degree to
    /// spare): a position elsewhere is a device or entry error, refused rather than printed on a case.
    /// </summary>
    public const double MinLatitude = 33.5, MaxLatitude = 50.5, MinLongitude = 72.5, MaxLongitude = 97.5;

    /// <summary>Reads the capture fields of an upload form (all optional; a position needs both coordinates).</summary>
    public static CaptureInfo ParseCapture(IReadOnlyDictionary<string, string> fields)
    {
        DateTimeOffset? deviceTime = null;
        if (fields.TryGetValue("capturedAt", out var t) && !string.IsNullOrWhiteSpace(t))
        {
            if (!DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                throw RuleViolation.Invalid("invalid_captured_at", "拍摄时间须为带时区的 ISO 8601 时间", "capturedAt must be an ISO 8601 time with offset", "capturedAt");
            deviceTime = parsed;
        }
        var lat = Number(fields, "latitude");
        var lon = Number(fields, "longitude");
        var accuracy = Number(fields, "accuracy");
        if ((lat is null) != (lon is null))
            throw RuleViolation.Invalid("invalid_position", "位置须同时给出纬度和经度", "latitude and longitude go together", lat is null ? "latitude" : "longitude");
        if (lat is { } la && (la < MinLatitude || la > MaxLatitude || double.IsNaN(la)))
            throw RuleViolation.Invalid("invalid_position", "纬度不在本自治区的合理范围内", $"latitude must be within {MinLatitude}..{MaxLatitude}", "latitude");
        if (lon is { } lo && (lo < MinLongitude || lo > MaxLongitude || double.IsNaN(lo)))
            throw RuleViolation.Invalid("invalid_position", "经度不在本自治区的合理范围内", $"longitude must be within {MinLongitude}..{MaxLongitude}", "longitude");
        if (accuracy is { } a && (a < 0 || a > 100_000 || double.IsNaN(a)))
            throw RuleViolation.Invalid("invalid_position", "定位精度须为 0 至 100000 米", "accuracy must be 0..100000 metres", "accuracy");
        if (accuracy is not null && lat is null)
            throw RuleViolation.Invalid("invalid_position", "给出定位精度时须给出位置", "accuracy needs a position", "accuracy");
        return new CaptureInfo(deviceTime, lat, lon, accuracy);
    }

    private static double? Number(IReadOnlyDictionary<string, string> fields, string name)
    {
        if (!fields.TryGetValue(name, out var s) || string.IsNullOrWhiteSpace(s)) return null;
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            throw RuleViolation.Invalid("invalid_position", $"{name} 须为数字", $"{name} must be a number", name);
        return v;
    }

    public static bool ClockSkewed(DateTimeOffset? deviceTime, DateTimeOffset receivedAt) =>
        deviceTime is { } d && (d - receivedAt).Duration() > AllowedClockSkew;

    /// <summary>What the photo itself says: EXIF time taken and GPS position (null where absent or unreadable).</summary>
    public static (DateTimeOffset? TakenAt, double? Latitude, double? Longitude) ReadExif(Stream image)
    {
        try
        {
            var directories = ImageMetadataReader.ReadMetadata(image);
            DateTimeOffset? taken = null;
            var sub = directories.OfType<ExifSubIfdDirectory>().FirstOrDefault();
            if (sub is not null && sub.TryGetDateTime(ExifDirectoryBase.TagDateTimeOriginal, out var dt))
            {
                // EXIF times carry no zone unless OffsetTimeOriginal is set; a bare time is the device's local time (Beijing time here).
                var offset = sub.GetString(OffsetTimeOriginalTag) is { } o && TimeSpan.TryParse(o.TrimStart('+'), out var ts)
                    ? (o.StartsWith('-') ? -ts : ts) : TimeSpan.FromHours(8);
                taken = new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Unspecified), offset);
            }
            var gps = directories.OfType<GpsDirectory>().FirstOrDefault();
            if (gps?.GetGeoLocation() is { IsZero: false } location)
                return (taken, location.Latitude, location.Longitude);
            return (taken, null, null);
        }
        catch (Exception e) when (e is ImageProcessingException or IOException or ArgumentException or IndexOutOfRangeException)
        {
            return (null, null, null);
        }
    }

    /// <summary>EXIF 2.31 OffsetTimeOriginal (0x9011): the zone of DateTimeOriginal, e.g. "+08:00".</summary>
    private const int OffsetTimeOriginalTag = 0x9011;

    public const int ThumbnailEdge = 320;

    /// <summary>
    /// A JPEG thumbnail at most <see cref="ThumbnailEdge"/> pixels on its longer side, the EXIF orientation applied (so the
    /// case page shows the photo upright); null for what cannot be decoded. The original is never altered.
    /// </summary>
    public static byte[]? Thumbnail(Stream image)
    {
        using var codec = SKCodec.Create(image);
        if (codec is null) return null;
        // Decode no larger than needed: JPEG decodes at 1/2, 1/4 or 1/8 of its size directly. A 48-megapixel photo decoded
        // whole is ~190 MB of pixels; at 1/8 it is 3 MB. At least twice the thumbnail's edge is kept for a clean downscale.
        var wanted = Math.Min(1f, 2f * ThumbnailEdge / Math.Max(codec.Info.Width, codec.Info.Height));
        var size = codec.GetScaledDimensions(wanted);
        var info = new SKImageInfo(size.Width, size.Height, SKImageInfo.PlatformColorType, SKAlphaType.Premul);
        using var decoded = new SKBitmap(info);
        if (codec.GetPixels(info, decoded.GetPixels()) is not (SKCodecResult.Success or SKCodecResult.IncompleteInput)) return null;
        var scale = Math.Min(1.0, (double)ThumbnailEdge / Math.Max(decoded.Width, decoded.Height));
        int w = Math.Max(1, (int)Math.Round(decoded.Width * scale)), h = Math.Max(1, (int)Math.Round(decoded.Height * scale));
        using var resized = decoded.Resize(new SKImageInfo(w, h), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        if (resized is null) return null;
        using var upright = Orient(resized, codec.EncodedOrigin);
        using var data = SKImage.FromBitmap(upright).Encode(SKEncodedImageFormat.Jpeg, 80);
        return data?.ToArray();
    }

    /// <summary>Draws the bitmap as the camera meant it to be seen (EXIF orientation 1–8).</summary>
    private static SKBitmap Orient(SKBitmap source, SKEncodedOrigin origin)
    {
        if (origin == SKEncodedOrigin.TopLeft) return source.Copy();
        var swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var result = new SKBitmap(swap ? source.Height : source.Width, swap ? source.Width : source.Height);
        using var canvas = new SKCanvas(result);
        float w = source.Width, h = source.Height;
        // Canvas operations apply last-first to the drawn points; each case maps the source (x, y) as commented.
        switch (origin)
        {
            case SKEncodedOrigin.TopRight: canvas.Translate(w, 0); canvas.Scale(-1, 1); break;                             // (w−x, y)
            case SKEncodedOrigin.BottomRight: canvas.Translate(w, h); canvas.RotateDegrees(180); break;                    // (w−x, h−y)
            case SKEncodedOrigin.BottomLeft: canvas.Translate(0, h); canvas.Scale(1, -1); break;                           // (x, h−y)
            case SKEncodedOrigin.LeftTop: canvas.RotateDegrees(90); canvas.Scale(1, -1); break;                            // (y, x)
            case SKEncodedOrigin.RightTop: canvas.Translate(h, 0); canvas.RotateDegrees(90); break;                        // (h−y, x)
            case SKEncodedOrigin.RightBottom: canvas.Translate(h, w); canvas.RotateDegrees(90); canvas.Scale(-1, 1); break; // (h−y, w−x)
            case SKEncodedOrigin.LeftBottom: canvas.Translate(0, w); canvas.RotateDegrees(270); break;                     // (y, w−x)
        }
        canvas.DrawBitmap(source, 0, 0);
        return result;
    }

    /// <summary>
    /// The files a step names, as its event will record them. Each must be stored and captured (uploaded) by one of
    /// <paramref name="team"/> — the officers who may act on the case —, at most <see cref="MaxFilesPerStep"/>; 422 otherwise.
    /// </summary>
    public static async Task<EvidenceFile[]> ResolveAsync(IQuerySession session, IFileStore files, string[]? hashes, IReadOnlyCollection<string> team,
        string field, CancellationToken ct)
    {
        var distinct = (hashes ?? []).Where(h => !string.IsNullOrWhiteSpace(h)).Select(h => h.Trim().ToLowerInvariant()).Distinct().ToArray();
        if (distinct.Length == 0) return [];
        if (distinct.Length > MaxFilesPerStep)
            throw RuleViolation.Invalid("evidence_too_large", $"每一步最多附 {MaxFilesPerStep} 个文件", $"At most {MaxFilesPerStep} files per step", field);
        var result = new List<EvidenceFile>(distinct.Length);
        foreach (var sha in distinct)
        {
            var stored = FileTypes.IsSha256(sha) ? await files.FindAsync(sha, ct) : null;
            if (stored is null)
                throw RuleViolation.Refused("unknown_file", "所附文件不存在，请先上传", $"No stored file {sha}: upload it first", field);
            var ids = team.Select(u => FileCapture.IdOf(sha, u)).ToArray();
            var captures = await session.LoadManyAsync<FileCapture>(ct, ids);
            var capture = captures.Where(c => c is not null).OrderBy(c => c.ReceivedAt).FirstOrDefault();
            if (capture is null)
                throw RuleViolation.Refused("file_not_from_team", "所附文件须由本案执法人员上传", "The file must have been uploaded by an officer of the case", field);
            result.Add(new EvidenceFile(sha, stored.MediaType, stored.Size, stored.FileName, capture.CapturedBy, capture.DeviceTime, capture.ReceivedAt,
                capture.Latitude, capture.Longitude, capture.AccuracyMeters, capture.ExifTakenAt, capture.ExifLatitude, capture.ExifLongitude,
                capture.ThumbnailSha256, ClockSkewed(capture.DeviceTime, capture.ReceivedAt)));
        }
        return result.ToArray();
    }
}
