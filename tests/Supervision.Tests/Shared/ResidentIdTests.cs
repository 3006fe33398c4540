using Supervision.Shared;
using Xunit;

namespace Supervision.Tests.Shared;

public class ResidentIdTests
{
    private static readonly DateOnly Today = new(2026, 3, 1);

    [Theory]
    [InlineData("11010519491231002X")]  // the example in GB 11643
    [InlineData("440524188001010014")]  // the other GB 11643 example
    [InlineData("650102199003071235")]
    [InlineData("650102200002294563")]  // leap day
    [InlineData("650102202603010000")]  // born today
    public void Valid_numbers_are_accepted(string id) => Assert.True(ResidentId.IsValid(id, Today));

    [Theory]
    [InlineData("65010219900307123", "650102199003071235")]
    [InlineData("11010519491231002", "11010519491231002X")]
    public void WithCheckChar_computes_the_check_character(string first17, string expected) =>
        Assert.Equal(expected, ResidentId.WithCheckChar(first17));

    [Fact]
    public void Any_other_check_character_is_rejected()
    {
        const string valid = "650102199003071235";
        foreach (var c in "0123456789X".Where(c => c != valid[^1]))
            Assert.False(ResidentId.IsValid(valid[..17] + c, Today));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("65010219900307123")]    // 17
    [InlineData("6501021990030712350")]  // 19
    [InlineData("11010519491231002x")]   // lowercase x
    [InlineData("6501021990030712X5")]   // X only allowed last
    [InlineData("６50102199003071235")]  // full-width digit
    [InlineData("650102 99003071235")]
    public void Malformed_numbers_are_rejected(string? id) => Assert.False(ResidentId.IsValid(id, Today));

    [Theory]
    [InlineData("65010219000229456")]  // 1900 was not a leap year
    [InlineData("65010219851301000")]  // month 13
    [InlineData("65010219850431000")]  // 31 April
    [InlineData("65010200000101000")]  // year 0
    [InlineData("65010220260302000")]  // tomorrow
    [InlineData("65010220300101000")]  // far future
    public void Impossible_or_future_birth_dates_are_rejected(string first17)
    {
        // The check character is right, so only the date can fail.
        var id = ResidentId.WithCheckChar(first17);
        Assert.False(ResidentId.IsValid(id, Today));
    }

    [Fact]
    public void Future_check_uses_the_passed_in_today()
    {
        var id = ResidentId.WithCheckChar("65010220260302000");
        Assert.False(ResidentId.IsValid(id, Today));
        Assert.True(ResidentId.IsValid(id, Today.AddDays(1)));
    }

    [Theory]
    [InlineData("650102199003071235", "650*************35")]
    [InlineData("11010519491231002X", "110*************2X")]
    [InlineData("123456", "123*56")]
    [InlineData("12345", "*****")]
    [InlineData("", "")]
    public void Mask_keeps_first_three_and_last_two(string id, string expected) =>
        Assert.Equal(expected, ResidentId.Mask(id));

    [Fact]
    public void Mask_keeps_the_length() =>
        Assert.Equal(18, ResidentId.Mask("650102199003071235").Length);

    [Theory]
    [InlineData("6501021990030712")]
    [InlineData("650102199003071235")]
    [InlineData("6501021990030712X")]
    public void WithCheckChar_rejects_bad_input(string first17) =>
        Assert.Throws<ArgumentException>(() => ResidentId.WithCheckChar(first17));
}
