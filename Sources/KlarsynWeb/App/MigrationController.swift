import Foundation
import GRDB
import Hummingbird
import KlarsynBuild
import KlarsynStore
import KlarsynWorkspace

/// `/migration`: the migration board (issue 10) — every report with its pinned model version,
/// its status towards the newest version, its tile diff, and its usage from the audit log.
/// Needs the `viewMigration` permission (BI developers, administrators). Read-only: re-linking
/// and sign-off are done with `klarsyn migrate`, where the signing role is named.
struct MigrationController: Sendable {
    let warehouse: Warehouse
    let workspace: Workspace
    let defaultLanguage: Language

    func addRoutes(to router: Router<KlarsynRequestContext>) {
        router.get(RouterPath(Route.Pattern.migration.rawValue)) { request, context in
            _ = try context.require(.viewMigration)
            let l = LanguageChoice.resolve(request, default: defaultLanguage)
            let cookie: Language? = request.uri.queryParameters.get("lang") != nil ? l : nil
            let view = try MigrationBoardView.load(warehouse: warehouse, workspace: workspace, language: l)
            return HTMLResponse.page(MigrationBoardPage.render(view), language: cookie)
        }
    }
}

/// What the board shows.
struct MigrationBoardView {
    let language: Language
    let versions: [(id: String, status: String)]
    let rows: [Row]
    /// False when the warehouse has no audit log (usage cannot be shown).
    let auditAvailable: Bool

    struct Row {
        let state: ReportMigrationState
        let title: String
        let usage: Usage?
    }

    /// Report use from the audit log: aggregate page and explain views, person-level views and exports.
    typealias Usage = AuditLog.ReportUsage

    static func load(warehouse: Warehouse, workspace: Workspace, language: Language) throws -> MigrationBoardView {
        let migration = try ReportMigration(warehouse: warehouse, workspace: workspace)
        let states = try migration.states()
        let found = try warehouse.read { db in try AuditLog.usage(in: db) }
        let audit = found != nil
        let usage = found ?? [:]
        let titles = Dictionary(uniqueKeysWithValues: migration.reports.map { ($0.id, $0.title.text(language)) })
        return MigrationBoardView(
            language: language,
            versions: migration.versions.versions.map { ($0.id.description, $0.status) },
            rows: states.map { Row(state: $0, title: titles[$0.report] ?? $0.report, usage: usage[$0.report]) },
            auditAvailable: audit)
    }
}
