using Supervision.Shared;

namespace Supervision.Tests.Shared;

public class PersonalDataTextTests
{
    private static readonly DateOnly Today = new(2026, 12, 3);

    [Theory]
    [InlineData("请回电13899955512", "请回电138****5512")]
    [InlineData("邮箱 tip.writer@example.cn 联系", "邮箱 t***@example.cn 联系")]
    [InlineData("身份证650102199003071235。", "身份证650102********1235。")]
    [InlineData("身份证11010519491231002x", "身份证110105********002x")]
    public void Mask_hides_the_middle_of_each_item(string text, string masked)
    {
        Assert.True(PersonalDataText.Contains(text, Today));
        Assert.Equal(masked, PersonalDataText.Mask(text, Today));
    }

    [Theory]
    [InlineData("见乌档责改〔2026〕12号，单位统一社会信用代码 13650103458203870U，电话 0991-5550404")]
    [InlineData("档案编号 650102199003071234 的卷宗霉变")] // 18 digits with a wrong check character: not a resident id
    [InlineData("")]
    public void Text_without_personal_data_is_kept_as_written(string text)
    {
        Assert.False(PersonalDataText.Contains(text, Today));
        Assert.Equal(text, PersonalDataText.Mask(text, Today));
    }
}
