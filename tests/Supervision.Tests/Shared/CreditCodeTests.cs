using Supervision.Shared;
using Xunit;

namespace Supervision.Tests.Shared;

public class CreditCodeTests
{
    // Published codes of real enterprises; each was checked against this implementation before being listed.
    [Theory]
    [InlineData("91350100M000100Y43")]
    [InlineData("91440300708461136T")]
    [InlineData("91110000100010433L")]
    [InlineData("91110108551385082Q")]
    [InlineData("9144030071526726XG")]
    [InlineData("91330100716105852F")]
    public void Published_codes_are_valid(string code)
    {
        Assert.True(CreditCode.IsValid(code));
        Assert.Null(CreditCode.Problem(code));
    }

    [Theory]
    [InlineData("91350100M000100Y4", "91350100M000100Y43")]
    [InlineData("91440300708461136", "91440300708461136T")]
    [InlineData("9144030071526726X", "9144030071526726XG")]
    public void WithCheckDigit_reproduces_published_check_characters(string first17, string expected) =>
        Assert.Equal(expected, CreditCode.WithCheckDigit(first17));

    [Theory]
    [InlineData("12650100458000176")]
    [InlineData("51650000501204677")]
    [InlineData("91650100MA775Q813")]
    [InlineData("00000000000000000")]
    [InlineData("YYYYYYYYYYYYYYYYY")]
    public void Constructed_codes_are_valid(string first17)
    {
        var code = CreditCode.WithCheckDigit(first17);
        Assert.Equal(18, code.Length);
        Assert.StartsWith(first17, code);
        Assert.True(CreditCode.IsValid(code));
    }

    [Fact]
    public void Any_other_check_character_is_rejected()
    {
        const string valid = "91350100M000100Y43";
        foreach (var c in CreditCode.Alphabet.Where(c => c != valid[^1]))
        {
            var flipped = valid[..17] + c;
            Assert.False(CreditCode.IsValid(flipped), flipped);
            Assert.Contains("校验码", CreditCode.Problem(flipped));
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Empty_is_reported(string? code)
    {
        Assert.False(CreditCode.IsValid(code));
        Assert.Equal("统一社会信用代码为空 (credit code is empty)", CreditCode.Problem(code));
    }

    [Theory]
    [InlineData("91350100M000100Y4")]    // 17
    [InlineData("91350100M000100Y433")]  // 19
    [InlineData("9135")]
    [InlineData(" 91350100M000100Y43")]  // untrimmed input is not silently accepted
    public void Wrong_length_is_reported(string code)
    {
        Assert.False(CreditCode.IsValid(code));
        Assert.Contains("18", CreditCode.Problem(code));
    }

    [Theory]
    [InlineData("91350100m000100y43")]  // lowercase
    [InlineData("91350100M000100I43")]  // I is excluded from the alphabet
    [InlineData("91350100M000100O43")]  // O is excluded
    [InlineData("91350100M000100Z43")]  // Z is excluded
    [InlineData("91350100M000100S43")]  // S is excluded
    [InlineData("91350100M000100V43")]  // V is excluded
    [InlineData("91350100M000100Y4-")]
    [InlineData("９1350100M000100Y43")]  // full-width digit
    public void Illegal_characters_are_reported(string code)
    {
        Assert.False(CreditCode.IsValid(code));
        Assert.Contains("非法字符", CreditCode.Problem(code));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("9135")]
    [InlineData("91350100m000100y43")]
    [InlineData("91350100M000100Y42")]
    public void Problems_are_bilingual(string? code) =>
        Assert.Matches(@"^\P{IsBasicLatin}.* \(\p{IsBasicLatin}+\)$", CreditCode.Problem(code)!);

    [Theory]
    [InlineData("9135010")]
    [InlineData("91350100M000100Y43")]
    [InlineData("91350100M000100I4")]
    [InlineData("91350100m000100y4")]
    public void WithCheckDigit_rejects_bad_input(string first17) =>
        Assert.Throws<ArgumentException>(() => CreditCode.WithCheckDigit(first17));
}

public class DemoUnitsTests
{
    [Fact]
    public void There_are_at_least_32_units() => Assert.True(DemoUnits.All.Count >= 32);

    [Fact]
    public void All_credit_codes_are_valid()
    {
        foreach (var unit in DemoUnits.All)
            Assert.True(CreditCode.IsValid(unit.CreditCode), $"{unit.Name}: {CreditCode.Problem(unit.CreditCode)}");
    }

    [Fact]
    public void Credit_codes_and_names_are_unique()
    {
        Assert.Equal(DemoUnits.All.Count, DemoUnits.All.Select(u => u.CreditCode).Distinct().Count());
        Assert.Equal(DemoUnits.All.Count, DemoUnits.All.Select(u => u.Name).Distinct().Count());
    }

    [Fact]
    public void Credit_code_division_matches_jurisdiction()
    {
        foreach (var unit in DemoUnits.All)
            Assert.Equal(unit.JurisdictionId, unit.CreditCode[2..8]);
    }

    [Fact]
    public void Every_kind_is_present()
    {
        foreach (var kind in Enum.GetValues<UnitKind>())
            Assert.Contains(DemoUnits.All, u => u.Kind == kind);
    }

    [Theory]
    [InlineData("650000")]
    [InlineData("650100")]
    [InlineData("650102")]
    [InlineData("650103")]
    [InlineData("650200")]
    [InlineData("650202")]
    [InlineData("653100")]
    [InlineData("653101")]
    [InlineData("654000")]
    [InlineData("654002")]
    public void Every_jurisdiction_has_at_least_two_units(string jurisdictionId) =>
        Assert.True(DemoUnits.All.Count(u => u.JurisdictionId == jurisdictionId) >= 2);

    [Fact]
    public void Units_only_use_the_listed_jurisdictions()
    {
        string[] listed = ["650000", "650100", "650102", "650103", "650200", "650202", "653100", "653101", "654000", "654002"];
        Assert.All(DemoUnits.All, u => Assert.Contains(u.JurisdictionId, listed));
    }

    [Fact]
    public void Contact_phones_are_fictitious_555_numbers() =>
        Assert.All(DemoUnits.All, u => Assert.Matches(@"^0\d{3}-555\d{4}$", u.ContactPhone));

    [Fact]
    public void Contacts_are_filled_in() =>
        Assert.All(DemoUnits.All, u => Assert.False(string.IsNullOrWhiteSpace(u.ContactName)));
}
