using System.Net.Http.Headers;
using System.Text.Json;

namespace Supervision.IntegrationTests.Files;

/// <summary>Small files of each kind the file store takes, different every time, and their upload as a given user.</summary>
public static class TestFiles
{
    /// <summary>An MP4 (ftyp "isom") of made-up bytes.</summary>
    public static byte[] Video() => [0, 0, 0, 0x20, .. "ftypisom"u8.ToArray(), 0, 0, 2, 0, .. Guid.NewGuid().ToByteArray(), .. new byte[4096]];

    /// <summary>Bytes a JPEG starts with (enough for the type check; not a decodable picture: see <see cref="TestPhotos"/>).</summary>
    public static byte[] Photo() => [0xFF, 0xD8, 0xFF, 0xE0, .. Guid.NewGuid().ToByteArray()];

    /// <summary>POST /api/files as <paramref name="user"/>; the stored file's SHA-256.</summary>
    public static async Task<string> Upload(AppFixture app, string user, byte[] bytes, string name)
    {
        using var client = app.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.TokenFor(user));
        using var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", name } };
        using var response = await client.PostAsync("/api/files", form);
        Assert.Equal(201, (int)response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Str("sha256");
    }
}
