using Supervision.Documents;

namespace Supervision.Tests.Documents;

/// <summary>The departments' SM2 seals: a signature verifies only for the exact bytes and the key that made it; keys survive a restart.</summary>
public sealed class DepartmentSealTests
{
    [Fact]
    public void A_signature_verifies_for_the_signed_bytes_only_and_with_the_signers_key_only()
    {
        var seals = new DepartmentSeals(null);
        var seal = seals.Sign("650100", "<p>责令限期改正通知书</p>");
        Assert.True(DepartmentSeals.Verify(seal.PublicKeyHex, "<p>责令限期改正通知书</p>", seal.SignatureHex));
        Assert.False(DepartmentSeals.Verify(seal.PublicKeyHex, "<p>责令限期改正通知书。</p>", seal.SignatureHex));
        var other = seals.Sign("653100", "<p>责令限期改正通知书</p>");
        Assert.NotEqual(seal.PublicKeyHex, other.PublicKeyHex);
        Assert.False(DepartmentSeals.Verify(other.PublicKeyHex, "<p>责令限期改正通知书</p>", seal.SignatureHex));
        Assert.False(DepartmentSeals.Verify("00", "x", "zz")); // malformed input is "not genuine", never an error
    }

    [Fact]
    public void Keys_are_kept_in_the_key_directory_so_a_restart_signs_with_the_same_key()
    {
        var dir = Path.Combine(Path.GetTempPath(), "seal-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            var first = new DepartmentSeals(dir).Sign("650100", "a");
            var again = new DepartmentSeals(dir).Sign("650100", "b");
            Assert.Equal((first.KeyId, first.PublicKeyHex), (again.KeyId, again.PublicKeyHex));
            Assert.Equal("650100-001", first.KeyId);
            Assert.Single(Directory.GetFiles(Path.Combine(dir, "seal")));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
