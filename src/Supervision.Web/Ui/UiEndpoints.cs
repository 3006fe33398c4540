namespace Supervision.Web.Ui;

public static class UiEndpoints
{
    public static void MapSupervisionUi(this WebApplication app)
    {
    }
}
