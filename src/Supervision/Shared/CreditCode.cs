namespace Supervision.Shared;

/// <summary>
/// The 18-character unified social credit code (统一社会信用代码, GB 32100-2015):
/// registration authority + category (2), administrative division (6), organisation code (9), check character (1).
/// </summary>
public static class CreditCode
{
    public const int Length = 18;

    // GB 32100 drops I, O, Z, S and V so the code cannot be confused with 1, 0, 2, 5 and U.
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    // Weight of position i is 3^i mod 31.
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    public static bool IsValid(string? code) => Problem(code) is null;

    /// <summary>Null when <paramref name="code"/> is valid, otherwise a short bilingual reason.</summary>
    /// <remarks>The embedded organisation code's own GB 11714 check is deliberately not validated.</remarks>
    public static string? Problem(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
            return "统一社会信用代码为空 (credit code is empty)";
        if (code.Length != Length)
            return $"统一社会信用代码应为18位 (credit code must be 18 characters, got {code.Length})";
        // Case-sensitive on purpose: stored codes must be the canonical uppercase form.
        if (code.Any(c => Alphabet.IndexOf(c) < 0))
            return "统一社会信用代码含非法字符 (credit code contains an illegal character)";
        if (CheckChar(code) != code[Length - 1])
            return "统一社会信用代码校验码错误 (credit code check character is wrong)";
        return null;
    }

    /// <summary>Appends the check character to the first 17 characters of a code.</summary>
    public static string WithCheckDigit(string first17)
    {
        ArgumentNullException.ThrowIfNull(first17);
        if (first17.Length != Length - 1)
            throw new ArgumentException("Expected exactly 17 characters.", nameof(first17));
        if (first17.Any(c => Alphabet.IndexOf(c) < 0))
            throw new ArgumentException("Contains a character outside the credit code alphabet.", nameof(first17));
        return first17 + CheckChar(first17);
    }

    // Only reads the first 17 characters, which the callers have already checked.
    private static char CheckChar(string code)
    {
        var sum = 0;
        for (var i = 0; i < Weights.Length; i++)
            sum += Alphabet.IndexOf(code[i]) * Weights[i];
        return Alphabet[(31 - sum % 31) % 31];
    }
}
