using System.Collections.Concurrent;
using System.Text;
using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Supervision.Shared;

namespace Supervision.Documents;

/// <summary>The electronic seal on an issued document: the department's SM2 signature (with SM3) over the document's bytes.</summary>
public sealed record SealSignature(string KeyId, string PublicKeyHex, string SignatureHex);

/// <summary>
/// Each department's signing key (SM2, GB/T 32918, curve sm2p256v1). The private keys live outside the database, beside the
/// data-protection keys (<c>Supervision:KeyDirectory</c>/seal, so the key backup carries them); without a key directory
/// (tests, a first development run) they are kept in memory. The key id names the department and the key's generation, so a
/// new key (rotation: a new file) leaves every document signed with an older one verifiable by the public key recorded with it.
/// </summary>
public sealed class DepartmentSeals(string? keyDirectory)
{
    private static readonly X9ECParametersHolder Curve = new(() => GMNamedCurves.GetByName("sm2p256v1"));
    private readonly ConcurrentDictionary<string, (string KeyId, AsymmetricCipherKeyPair Pair)> _keys = new();
    private string? Directory => keyDirectory is { Length: > 0 } d ? Path.Combine(d, "seal") : null;

    private static ECDomainParameters Domain
    {
        get { var x9 = Curve.Value; return new ECDomainParameters(x9.Curve, x9.G, x9.N, x9.H); }
    }

    /// <summary>The id of the key the department signs with now.</summary>
    public string KeyIdOf(string departmentId) => _keys.GetOrAdd(departmentId, Load).KeyId;

    public SealSignature Sign(string departmentId, string content)
    {
        var (keyId, pair) = _keys.GetOrAdd(departmentId, Load);
        var signer = new SM2Signer(); // SM3 digest, the standard's default user id
        signer.Init(true, new ParametersWithRandom(pair.Private, new SecureRandom()));
        var bytes = Encoding.UTF8.GetBytes(content);
        signer.BlockUpdate(bytes, 0, bytes.Length);
        var publicKey = ((ECPublicKeyParameters)pair.Public).Q.GetEncoded(false);
        return new SealSignature(keyId, Convert.ToHexStringLower(publicKey), Convert.ToHexStringLower(signer.GenerateSignature()));
    }

    /// <summary>Whether <paramref name="signatureHex"/> is the SM2 signature of <paramref name="content"/> by the key <paramref name="publicKeyHex"/>.</summary>
    public static bool Verify(string publicKeyHex, string content, string signatureHex)
    {
        try
        {
            var point = Curve.Value.Curve.DecodePoint(Convert.FromHexString(publicKeyHex));
            var verifier = new SM2Signer();
            verifier.Init(false, new ECPublicKeyParameters(point, Domain));
            var bytes = Encoding.UTF8.GetBytes(content);
            verifier.BlockUpdate(bytes, 0, bytes.Length);
            return verifier.VerifySignature(Convert.FromHexString(signatureHex));
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException) { return false; }
    }

    /// <summary>The department's newest key from its directory, or a new one (generation 1, or the next after a rotation).</summary>
    private (string, AsymmetricCipherKeyPair) Load(string departmentId)
    {
        if (Directory is { } dir)
        {
            System.IO.Directory.CreateDirectory(dir);
            var newest = System.IO.Directory.GetFiles(dir, $"{departmentId}-*.sm2").OrderBy(f => f, StringComparer.Ordinal).LastOrDefault();
            if (newest is not null)
            {
                var d = new BigInteger(File.ReadAllText(newest).Trim(), 16);
                var q = Domain.G.Multiply(d).Normalize();
                return (Path.GetFileNameWithoutExtension(newest), new AsymmetricCipherKeyPair(new ECPublicKeyParameters(q, Domain), new ECPrivateKeyParameters(d, Domain)));
            }
        }
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(Domain, new SecureRandom()));
        var pair = generator.GenerateKeyPair();
        var keyId = $"{departmentId}-001";
        if (Directory is { } target)
        {
            var path = Path.Combine(target, keyId + ".sm2");
            File.WriteAllText(path, ((ECPrivateKeyParameters)pair.Private).D.ToString(16));
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return (keyId, pair);
    }

    /// <summary>The department that issued a document: the one whose prefix and the type begin its number.</summary>
    public static Jurisdiction? DepartmentOf(IssuedDocument doc) => DocumentNumbers.DepartmentOf(doc.Id, doc.Type);

    private sealed class X9ECParametersHolder(Func<Org.BouncyCastle.Asn1.X9.X9ECParameters> create)
    {
        private readonly Lazy<Org.BouncyCastle.Asn1.X9.X9ECParameters> _value = new(create);
        public Org.BouncyCastle.Asn1.X9.X9ECParameters Value => _value.Value;
    }
}
