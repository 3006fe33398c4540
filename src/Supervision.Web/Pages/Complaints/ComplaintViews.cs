using Supervision.Complaints;
using Supervision.Shared;
using Supervision.Units;

namespace Supervision.Web.Pages.Complaints;

/// <summary>
/// A complaint, the handlers a leader may assign, how the extension was told (R11), the department's leaders (who assign a
/// handler) and the names of the people the case names by login (<see cref="People"/>: shown by name, never by login).
/// </summary>
public sealed record ComplaintPageView(Actor Actor, Complaint C, IReadOnlyList<AppUser> Handlers, ExtensionView? Extension, bool MaySeeIdentity, bool Closed,
    IReadOnlyList<AppUser> Leaders, IReadOnlyDictionary<string, string> People, (string Subject, string Body)? NotificationPreview = null,
    IReadOnlyList<Supervision.Files.CaseEvidenceEntry>? Files = null)
{
    public string Name(string? login) => login is null ? "—" : People.GetValueOrDefault(login, login);
}

public sealed record NewComplaintView(Actor Actor, IReadOnlyList<SupervisedUnit> Units, string Now);
