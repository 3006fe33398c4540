using System.Globalization;

namespace Supervision.Web.Pages.Dashboard;

public static class Months
{
    /// <summary>Every month "yyyy-MM" from the first to the last, inclusive.</summary>
    public static IReadOnlyList<string> Between(string from, string to)
    {
        var months = new List<string>();
        var m = DateOnly.ParseExact(from + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var end = DateOnly.ParseExact(to + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        for (; m <= end; m = m.AddMonths(1)) months.Add(m.ToString("yyyy-MM", CultureInfo.InvariantCulture));
        return months;
    }

    /// <summary>A number in an SVG attribute.</summary>
    public static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}
