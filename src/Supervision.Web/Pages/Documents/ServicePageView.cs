using Supervision.Documents;
using Supervision.Shared;
using Supervision.Units;

namespace Supervision.Web.Pages.Documents;

/// <summary>
/// 文书送达 (GET /documents/{number}/service): one issued document, how and when it reached the party, and the forms that
/// record it (the API's rules apply: Documents/Service.cs, Documents/ElectronicService.cs).
/// </summary>
/// <param name="CanServe">The reader may record service of this document (an officer of its department, a party-facing type).</param>
/// <param name="Today">Beijing today, the latest date a form accepts.</param>
public sealed record ServicePageView(Actor Actor, IssuedDocument Doc, DocumentService? Record, SupervisedUnit? Unit, bool CanServe, DateOnly Today)
{
    public string Title => DocumentTypes.Title(Doc.Type);
    public DateOnly IssuedOn => WorkingDayCalendar.BeijingToday(Doc.IssuedAt);
    public ElectronicServiceConsent? Consent => Unit?.ElectronicServiceConsent is { } c && c.SignedOn <= IssuedOn ? c : null;
}
