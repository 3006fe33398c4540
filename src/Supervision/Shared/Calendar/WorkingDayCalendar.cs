using System.Globalization;
using System.Text.Json;

namespace Supervision.Shared;

/// <summary>A deadline date; Provisional when it relied on a year whose official calendar is not loaded (weekends-only guess).</summary>
public sealed record WorkingDayResult(DateOnly Date, bool Provisional);

/// <summary>
/// A period counted in calendar days (Civil Code Art. 203): <see cref="StatutoryDate"/> is its last day as counted;
/// when that day is a public holiday or a rest day the period ends on the next working day, <see cref="DueOn"/>.
/// Provisional when that depended on a year whose official calendar is not loaded.
/// </summary>
public sealed record CalendarDayPeriod(DateOnly StatutoryDate, DateOnly DueOn, bool Provisional)
{
    public bool Extended => DueOn != StatutoryDate;
}

/// <summary>
/// Chinese official working-day calendar (State Council holiday notices) for "within N working days" deadlines.
/// WithYear/FromJson return new instances. The app's one shared instance follows the published calendar
/// (HolidayCalendars.cs): <see cref="ReplaceWith"/> swaps its years atomically, so every reader sees either the
/// old or the new schedule, never half of one.
/// </summary>
public sealed class WorkingDayCalendar
{
    /// <summary>One year's schedule as published: <see cref="Version"/> 1 is the first publication, corrections count up.</summary>
    private sealed record YearRules(HashSet<DateOnly> Off, HashSet<DateOnly> Work, int Version, string? Source);

    // China has used UTC+8 without DST since 1991, so a fixed offset is exact and avoids tz-database differences between hosts.
    private static readonly TimeSpan BeijingOffset = TimeSpan.FromHours(8);

    private static readonly Lazy<WorkingDayCalendar> Default = new(LoadEmbedded);

    private volatile Dictionary<int, YearRules> _years;

    private WorkingDayCalendar(Dictionary<int, YearRules> years) => _years = years;

    /// <summary>No year published: every deadline is counted on weekends only, and provisional.</summary>
    public static WorkingDayCalendar Empty => new([]);

    /// <summary>The calendar shipped with the release (2025, 2026), shared and never changed.</summary>
    public static WorkingDayCalendar LoadDefault() => Default.Value;

    /// <summary>An own copy that can follow publications (the shipped default is shared by everything in the process).</summary>
    public WorkingDayCalendar Copy() => new(_years);

    /// <summary>Takes over every year of <paramref name="other"/> at once (a new year or version was published).</summary>
    public void ReplaceWith(WorkingDayCalendar other) => _years = other._years;

    public static WorkingDayCalendar FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument doc;
        try
        {
            // Comments and trailing commas allowed: the file is meant to be edited by hand.
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"Holiday calendar is not valid JSON: {e.Message}", nameof(json), e);
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("years", out var years)
                || years.ValueKind != JsonValueKind.Object)
                throw new ArgumentException("Holiday calendar must be an object with a \"years\" object.", nameof(json));

            var calendar = new WorkingDayCalendar([]);
            foreach (var entry in years.EnumerateObject())
            {
                if (!int.TryParse(entry.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 1 or > 9999)
                    throw new ArgumentException($"Holiday calendar: \"{entry.Name}\" is not a valid year.", nameof(json));
                if (calendar.IsLoaded(year))
                    throw new ArgumentException($"Holiday calendar: year {year} is listed twice.", nameof(json));
                if (entry.Value.ValueKind != JsonValueKind.Object)
                    throw new ArgumentException($"Holiday calendar: year {year} must be an object with \"off\" and \"work\" arrays.", nameof(json));

                // Unknown keys are rejected so a typo such as "wrok" cannot silently drop make-up working days.
                foreach (var prop in entry.Value.EnumerateObject())
                    if (prop.Name is not ("source" or "off" or "work"))
                        throw new ArgumentException($"Holiday calendar: year {year} has unknown key \"{prop.Name}\" (expected source, off, work).", nameof(json));

                var source = entry.Value.TryGetProperty("source", out var src) && src.ValueKind == JsonValueKind.String ? src.GetString() : null;
                calendar = calendar.WithYear(year, ReadDates(entry.Value, year, "off"), ReadDates(entry.Value, year, "work"), 1, source);
            }
            return calendar;
        }
    }

    public WorkingDayCalendar WithYear(int year, IEnumerable<DateOnly> offDays, IEnumerable<DateOnly> workDays, int version = 1, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(offDays);
        ArgumentNullException.ThrowIfNull(workDays);
        var off = offDays.ToHashSet();
        var work = workDays.ToHashSet();

        Reject(off.Concat(work).Where(d => d.Year != year), $"Calendar for {year}: dates not in {year}");
        Reject(off.Intersect(work), $"Calendar for {year}: dates listed as both off and work");
        // Make-up working days only ever fall on weekends; a weekday here is almost certainly a typo.
        Reject(work.Where(d => !IsWeekend(d)), $"Calendar for {year}: make-up working days that are not a Saturday or Sunday");

        var years = new Dictionary<int, YearRules>(_years) { [year] = new YearRules(off, work, version, source) };
        return new WorkingDayCalendar(years);
    }

    public IReadOnlyCollection<int> LoadedYears => _years.Keys.Order().ToArray();

    public bool IsLoaded(int year) => _years.ContainsKey(year);

    /// <summary>The published version of a year's schedule; 0 when it is not loaded (deadlines in it are provisional).</summary>
    public int VersionOf(int year) => _years.TryGetValue(year, out var rules) ? rules.Version : 0;

    /// <summary>The notice a year's schedule comes from (e.g. 国办发明电〔2024〕12号), if known.</summary>
    public string? SourceOf(int year) => _years.TryGetValue(year, out var rules) ? rules.Source : null;

    public IReadOnlyCollection<DateOnly> DaysOff(int year) => _years.TryGetValue(year, out var rules) ? rules.Off.Order().ToArray() : [];
    public IReadOnlyCollection<DateOnly> MakeUpWorkingDays(int year) => _years.TryGetValue(year, out var rules) ? rules.Work.Order().ToArray() : [];

    /// <summary>
    /// The calendar versions a deadline from <paramref name="from"/> to <paramref name="to"/> was computed with, per year
    /// of that span (0 = not published yet): a publication of one of those years may move the deadline.
    /// </summary>
    public Dictionary<int, int> VersionsFor(DateOnly from, DateOnly to)
    {
        var (first, last) = from <= to ? (from.Year, to.Year) : (to.Year, from.Year);
        return Enumerable.Range(first, last - first + 1).ToDictionary(y => y, VersionOf);
    }

    /// <summary>
    /// A period of <paramref name="days"/> calendar days from <paramref name="start"/> (the day of the event, not counted).
    /// Civil Code Art. 203: when its last day is a public holiday or rest day, it ends on the next working day.
    /// </summary>
    public CalendarDayPeriod CalendarDays(DateOnly start, int days)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        return EndingOn(start.AddDays(days));
    }

    /// <summary>A period whose last day is <paramref name="statutoryDate"/>, moved to the next working day if that day is not one.</summary>
    public CalendarDayPeriod EndingOn(DateOnly statutoryDate)
    {
        var day = statutoryDate;
        var provisional = !IsLoaded(day.Year);
        while (!IsWorkingDay(day))
        {
            day = day.AddDays(1);
            provisional |= !IsLoaded(day.Year);
        }
        return new CalendarDayPeriod(statutoryDate, day, provisional);
    }

    public bool IsWorkingDay(DateOnly day)
    {
        if (_years.TryGetValue(day.Year, out var rules))
        {
            if (rules.Off.Contains(day)) return false;
            if (rules.Work.Contains(day)) return true;
        }
        return !IsWeekend(day);
    }

    public WorkingDayResult AddWorkingDays(DateOnly start, int n) => Step(start, n, +1);

    public WorkingDayResult SubtractWorkingDays(DateOnly due, int n) => Step(due, n, -1);

    public int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var d = from.AddDays(1); d <= to; d = d.AddDays(1))
            if (IsWorkingDay(d)) count++;
        return count;
    }

    public static DateOnly BeijingToday(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(BeijingOffset).DateTime);

    public static DateTimeOffset EndOfDayBeijing(DateOnly day) => new(day.AddDays(1).ToDateTime(TimeOnly.MinValue), BeijingOffset);

    // Walks day by day from `origin` (exclusive) until n working days have been passed.
    private WorkingDayResult Step(DateOnly origin, int n, int direction)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var day = origin;
        var provisional = false;
        for (var counted = 0; counted < n;)
        {
            day = day.AddDays(direction);
            provisional |= !IsLoaded(day.Year);
            if (IsWorkingDay(day)) counted++;
        }
        return new WorkingDayResult(day, provisional);
    }

    private static WorkingDayCalendar LoadEmbedded()
    {
        var assembly = typeof(WorkingDayCalendar).Assembly;
        // Match by suffix so a RootNamespace change does not break loading.
        var name = assembly.GetManifestResourceNames().SingleOrDefault(n => n.EndsWith("holidays.json", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("Embedded resource holidays.json not found in " + assembly.GetName().Name);
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return FromJson(reader.ReadToEnd());
    }

    private static List<DateOnly> ReadDates(JsonElement yearElement, int year, string key)
    {
        if (!yearElement.TryGetProperty(key, out var array) || array.ValueKind != JsonValueKind.Array)
            throw new ArgumentException($"Holiday calendar: year {year} needs a \"{key}\" array (use [] if empty).");
        var dates = new List<DateOnly>();
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String
                || !DateOnly.TryParseExact(item.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                throw new ArgumentException($"Holiday calendar: year {year} \"{key}\" has {item.GetRawText()}, expected a \"yyyy-MM-dd\" date.");
            dates.Add(d);
        }
        return dates;
    }

    private static void Reject(IEnumerable<DateOnly> bad, string problem)
    {
        var list = bad.Order().Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();
        if (list.Count > 0) throw new ArgumentException($"{problem}: {string.Join(", ", list)}.");
    }

    private static bool IsWeekend(DateOnly d) => d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
}
