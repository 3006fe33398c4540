using System.Globalization;

namespace Supervision.Shared;

/// <summary>
/// The 18-character PRC resident identity number (公民身份号码, GB 11643):
/// address code (6), birth date yyyyMMdd (8), sequence (3), check character (1, digit or X).
/// </summary>
public static class ResidentId
{
    public const int Length = 18;

    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckChars = "10X98765432";

    /// <summary>
    /// True when the number is well formed, its check character is right and its birth date exists
    /// and is not after <paramref name="today"/> (passed in so the result is deterministic).
    /// </summary>
    public static bool IsValid(string? id, DateOnly today)
    {
        if (id is null || id.Length != Length)
            return false;
        // Only ASCII digits: char.IsDigit would also accept full-width and other Unicode digits.
        for (var i = 0; i < Length - 1; i++)
            if (!char.IsAsciiDigit(id[i]))
                return false;
        // Uppercase X only, the canonical form.
        if (CheckChar(id) != id[Length - 1])
            return false;
        return DateOnly.TryParseExact(id.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture,
                   DateTimeStyles.None, out var birth)
               && birth <= today;
    }

    /// <summary>Keeps the first 3 and last 2 characters for display, e.g. 650102199003071234 → 650*************34.</summary>
    public static string Mask(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        // Too short to hide anything meaningful: hide it all rather than leak it.
        if (id.Length <= 5)
            return new string('*', id.Length);
        return string.Concat(id.AsSpan(0, 3), new string('*', id.Length - 5), id.AsSpan(id.Length - 2));
    }

    /// <summary>Appends the check character to the first 17 digits (handy for tests and demo data).</summary>
    public static string WithCheckChar(string first17)
    {
        ArgumentNullException.ThrowIfNull(first17);
        if (first17.Length != Length - 1 || !first17.All(char.IsAsciiDigit))
            throw new ArgumentException("Expected exactly 17 ASCII digits.", nameof(first17));
        return first17 + CheckChar(first17);
    }

    private static char CheckChar(string id)
    {
        var sum = 0;
        for (var i = 0; i < Weights.Length; i++)
            sum += (id[i] - '0') * Weights[i];
        return CheckChars[sum % 11];
    }
}
