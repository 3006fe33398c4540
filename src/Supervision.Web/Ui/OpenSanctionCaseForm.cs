using System.Security.Claims;
using Marten;
using Supervision.Sanctions;
using Supervision.Shared;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Supervision.Web.Ui;

/// <summary>
/// The opening form's endpoint. app.js sends flat fields, so the responsible persons come as names (one a line) and
/// staff user names (checkboxes); they are reshaped into <see cref="OpenSanctionCase"/> and handed to the API's own
/// <see cref="SanctionSteps.Open"/>: the same rules, the same answer (201 with the id).
/// </summary>
public sealed record OpenSanctionCaseForm(SanctionSourceInput? Source, Guid? PartyUnitId, string? Violation, string? Summary,
    string[]? InvestigatorIds, string[]? ResponsibleNames, string[]? ResponsibleUserIds)
{
    public OpenSanctionCase ToCommand() => new(Source, PartyUnitId, Violation, Summary, InvestigatorIds,
        (ResponsibleNames ?? []).Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => new ResponsiblePersonInput(n, null))
            .Concat((ResponsibleUserIds ?? []).Where(u => !string.IsNullOrWhiteSpace(u)).Select(u => new ResponsiblePersonInput(null, u)))
            .ToArray());
}

public static class OpenForm
{
    public const string Route = "/sanction-cases/new";

    [WolverinePost(Route, OperationId = "OpenSanctionCaseFromForm")]
    [Microsoft.AspNetCore.Routing.ExcludeFromDescription]
    public static Task<(IResult, IStartStream, OutgoingMessages)> Post(OpenSanctionCaseForm form, ClaimsPrincipal user, IDocumentSession session,
        TimeProvider clock, WorkingDayCalendar calendar, HttpContext http, CancellationToken ct) =>
        SanctionSteps.Open(form.ToCommand(), user, session, clock, calendar, http, ct);
}
