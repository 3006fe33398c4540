using System.IO.Compression;
using System.Text;
using Supervision.Integrity;

namespace Supervision.Tests.Integrity;

/// <summary>The archival package is written to the HTTP response as it is made: asynchronously only (Kestrel refuses synchronous writes).</summary>
public sealed class ArchiveExportTests
{
    /// <summary>A response body as Kestrel's: synchronous writes throw.</summary>
    private sealed class AsyncOnly : Stream
    {
        private readonly MemoryStream _written = new();
        public byte[] ToArray() => _written.ToArray();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _written.Length;
        public override long Position { get => _written.Length; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new InvalidOperationException("Synchronous operations are disallowed.");
        public override void Write(ReadOnlySpan<byte> buffer) => throw new InvalidOperationException("Synchronous operations are disallowed.");
        public override void WriteByte(byte value) => throw new InvalidOperationException("Synchronous operations are disallowed.");
        public override void Flush() => throw new InvalidOperationException("Synchronous operations are disallowed.");
        private void Append(ReadOnlySpan<byte> bytes) => _written.Write(bytes);
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) { Append(buffer.AsSpan(offset, count)); return Task.CompletedTask; }
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default) { Append(buffer.Span); return ValueTask.CompletedTask; }
        public override Task FlushAsync(CancellationToken ct) => Task.CompletedTask;
    }

    [Fact]
    public async Task The_package_is_written_with_asynchronous_writes_only_and_reads_back_whole()
    {
        var events = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 2000).Select(i => $"{{\"seq\":{i},\"data\":\"事件 {i}\"}}\n")));
        var manifest = new PackageManifest(ArchivePackage.Format, Guid.NewGuid(), "inspection", DateTimeOffset.UnixEpoch.AddYears(56), "u", "用户",
            [], [new PackageFile("events/x.jsonl", ArchivePackage.Sha256(events), events.Length)], "chain", "personal");
        var export = new ArchiveExport(manifest, Encoding.UTF8.GetBytes("{}"), [("events/x.jsonl", events)], [], null);
        var body = new AsyncOnly();
        await export.WriteToAsync(body, CancellationToken.None);

        using var zip = new ZipArchive(new MemoryStream(body.ToArray()), ZipArchiveMode.Read);
        Assert.Equal(["manifest.json", "events/x.jsonl"], zip.Entries.Select(e => e.FullName));
        using var read = new MemoryStream();
        await using (var s = zip.GetEntry("events/x.jsonl")!.Open()) await s.CopyToAsync(read);
        Assert.Equal(events, read.ToArray());
    }
}
