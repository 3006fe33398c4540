using System.Text;
using System.Text.Json;
using Supervision.Documents;
using Supervision.Integrity;

namespace Supervision.Tests.Integrity;

/// <summary>Issue 15: the SM3 chain and the checkpoint's Merkle root and signature, without a database.</summary>
public sealed class Sm3ChainTests
{
    [Fact]
    public void Sm3_gives_the_standards_example_value() =>
        // GB/T 32905-2016, appendix A.1: SM3("abc").
        Assert.Equal("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0", EventHashChain.Sm3Hex("abc"u8.ToArray()));

    [Fact]
    public void The_SM3_link_covers_the_same_canonical_form_as_the_SHA256_link()
    {
        var row = new EventHashChain.EventRow(7, Guid.NewGuid(), Guid.NewGuid(), 3, "hazard_recorded", DateTimeOffset.UnixEpoch.AddDays(20000),
            "*DEFAULT*", "urumqi.inspector1", null, null, null, "{\"a\": 1}", null);
        var canonical = Encoding.UTF8.GetBytes(EventHashChain.Canonical(EventHashChain.Genesis, row));
        Assert.Equal(EventHashChain.Sm3Hex(canonical), EventHashChain.ComputeSm3(EventHashChain.Genesis, row));
        Assert.NotEqual(EventHashChain.ComputeSm3(EventHashChain.Genesis, row), EventHashChain.ComputeSm3(new string('1', 64), row));
        Assert.NotEqual(EventHashChain.ComputeSm3(EventHashChain.Genesis, row), EventHashChain.ComputeSm3(EventHashChain.Genesis, row with { Data = "{\"a\": 2}" }));
    }

    private static byte[] Sm3(params byte[][] parts) => Convert.FromHexString(EventHashChain.Sm3Hex(parts.SelectMany(p => p).ToArray()));

    /// <summary>RFC 6962's definition, recursively: the split is the largest power of two below n.</summary>
    private static byte[] Reference(IReadOnlyList<string> leaves)
    {
        if (leaves.Count == 0) return Sm3();
        if (leaves.Count == 1) return Sm3([0x00], Encoding.UTF8.GetBytes(leaves[0]));
        var k = 1;
        while (k * 2 < leaves.Count) k *= 2;
        return Sm3([0x01], Reference(leaves.Take(k).ToList()), Reference(leaves.Skip(k).ToList()));
    }

    [Fact]
    public void The_streaming_Merkle_root_is_the_RFC_6962_tree_for_every_size()
    {
        for (var n = 0; n <= 33; n++)
        {
            var leaves = Enumerable.Range(0, n).Select(i => $"{Guid.NewGuid()}:{i}:aa:bb").ToList();
            var tree = new MerkleSm3();
            foreach (var l in leaves) tree.Add(l);
            Assert.Equal(Convert.ToHexStringLower(Reference(leaves)), tree.Root());
            Assert.Equal(n, tree.Count);
        }
    }

    [Fact]
    public void A_signed_checkpoint_survives_its_JSON_line_and_any_changed_field_breaks_the_signature()
    {
        var seals = new DepartmentSeals(null);
        var unsigned = new IntegrityCheckpoint(IntegrityCheckpoints.Format, "supervision", new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero).AddTicks(1234567),
            "scheduled", 4, 1000, 20, 980, new string('a', 64), EventHashChain.Genesis, seals.KeyIdOf("650000"), "", "");
        var seal = seals.Sign("650000", unsigned.Payload());
        var signed = unsigned with { PublicKey = seal.PublicKeyHex, Signature = seal.SignatureHex };
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var back = JsonSerializer.Deserialize<IntegrityCheckpoint>(JsonSerializer.Serialize(signed, json), json)!;
        Assert.True(DepartmentSeals.Verify(back.PublicKey, back.Payload(), back.Signature));
        foreach (var changed in new[] { back with { Root = new string('b', 64) }, back with { Events = 981 }, back with { HighWater = 999 },
                     back with { Batch = 5 }, back with { At = back.At.AddTicks(10) }, back with { Prev = new string('1', 64) }, back with { Schema = "other" } })
            Assert.False(DepartmentSeals.Verify(changed.PublicKey, changed.Payload(), changed.Signature));
    }
}
