import Foundation
import Hummingbird
import KlarsynDisclosure
import KlarsynStore

/// `/reconciliation`: the latest reconciliation run for the HR partner and the BI unit (issue 8).
/// Needs the `reconcile` permission. Shows aggregated figures only — no employee ids — and the
/// unit × month grid only for units inside the user's scope. Which grid figures are shown is
/// decided once over the run's whole grid by the workspace's suppression policy
/// (``ReconcileDisclosure``), on top of the cells the report already left out; the scope only
/// decides which of those decisions a user is served.
struct ReconcileController: Sendable {
    let warehouse: Warehouse
    let defaultLanguage: Language
    /// The workspace policy's suppression of the grid (nil: no grid figure is shown).
    var disclosure: ReconcileDisclosure? = nil

    func addRoutes(to router: Router<KlarsynRequestContext>) {
        router.get(RouterPath(Route.Pattern.reconciliation.rawValue)) { request, context in
            let user = try context.require(.reconcile)
            let l = LanguageChoice.resolve(request, default: defaultLanguage)
            let cookie: Language? = request.uri.queryParameters.get("lang") != nil ? l : nil
            let report = try ReconcileSnapshot.latest(warehouse)
            var decisions: SuppressionResult?
            if let report, let disclosure { decisions = try await disclosure.result(for: report) }
            var grid = report?.grid ?? []
            switch user.scope {
            case .everything: break
            case .nothing, .intern, .supervisor: throw AccessDenied.forbidden(reason: "scope:reconciliation")
            default: grid = grid.filter { user.scope.allows(unit: $0.unitId) }
            }
            return HTMLResponse.page(
                ReconcilePage.render(
                    ReconcilePageView(
                        language: l, report: report, grid: grid, disclosure: decisions, policy: disclosure?.policy)),
                language: cookie)
        }
    }
}
