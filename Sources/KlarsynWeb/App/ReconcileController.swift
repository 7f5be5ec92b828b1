import Foundation
import Hummingbird
import KlarsynStore

/// `/reconciliation`: the latest reconciliation run for the HR partner and the BI unit (issue 8).
/// Needs the `reconcile` permission. Shows aggregated figures only — no employee ids — and the
/// unit × month grid only for units inside the user's scope; cells with few persons were
/// suppressed when the report was made.
struct ReconcileController: Sendable {
    let warehouse: Warehouse
    let defaultLanguage: Language

    func addRoutes(to router: Router<KlarsynRequestContext>) {
        router.get(RouterPath(Route.Pattern.reconciliation.rawValue)) { request, context in
            let user = try context.require(.reconcile)
            let l = LanguageChoice.resolve(request, default: defaultLanguage)
            let cookie: Language? = request.uri.queryParameters.get("lang") != nil ? l : nil
            let report = try ReconcileSnapshot.latest(warehouse)
            var grid = report?.grid ?? []
            switch user.scope {
            case .everything: break
            case .nothing, .intern, .supervisor: throw AccessDenied.forbidden(reason: "scope:reconciliation")
            default: grid = grid.filter { user.scope.allows(unit: $0.unitId) }
            }
            return HTMLResponse.page(
                ReconcilePage.render(ReconcilePageView(language: l, report: report, grid: grid)), language: cookie)
        }
    }
}
