import Foundation
public import Hummingbird
import KlarsynBuild
import KlarsynDisclosure
import KlarsynStore
import KlarsynWorkspace
import Logging

/// Why the web workbench could not start. The message names the file and the fix.
public struct WebStartError: Error, CustomStringConvertible, Sendable {
    /// Stable code, e.g. `web.warehouse-missing`.
    public var code: String
    /// What is wrong and what to do.
    public var message: String
    /// `[web.warehouse-missing] No warehouse at …`
    public var description: String { "[\(code)] \(message)" }
}

/// The web workbench's entry point for `klarsyn serve`.
public enum KlarsynWebServer {
    /// Builds the application and runs it until SIGINT/SIGTERM (graceful shutdown through
    /// Hummingbird's single service group). `ready` is called once the warehouse and workspace
    /// have been checked, just before the server starts listening.
    public static func run(configuration: WebConfiguration, ready: () -> Void = {}) async throws {
        let app = try await buildApplication(configuration: configuration)
        ready()
        try await app.runService()
    }
}

/// The composition root: opens the warehouse, reads and checks the workspace's reports,
/// definitions and source contracts, and wires routes, controllers and middleware.
/// `klarsyn serve` and the tests call this same function.
///
/// - Throws: ``WebStartError`` when the warehouse file is missing, or a report or definition
///   file cannot be read, or a report uses a column no model has.
public func buildApplication(configuration: WebConfiguration) async throws -> some ApplicationProtocol {
    var logger = Logger(label: "klarsyn.web")
    logger.logLevel = .info
    guard
        configuration.warehousePath == ":memory:" || FileManager.default.fileExists(atPath: configuration.warehousePath)
    else {
        throw WebStartError(
            code: "web.warehouse-missing",
            message:
                "No warehouse at '\(configuration.warehousePath)'. Build one with `klarsyn ingest` and `klarsyn build`, or run `klarsyn demo`."
        )
    }
    let warehouse: Warehouse
    do {
        warehouse = try Warehouse.open(
            path: configuration.warehousePath,
            migrations: WarehouseMigrations.all + CatalogueMigrations.all + WebMigrations.all)
    } catch {
        throw WebStartError(code: "web.warehouse-unreadable", message: String(describing: error))
    }
    let facts: WorkspaceFacts
    do {
        facts = try WorkspaceFacts.load(configuration.workspace)
    } catch {
        throw WebStartError(code: "web.workspace-invalid", message: "\(configuration.workspace.displayName): \(error)")
    }
    let known = try ReportCatalogueCheck.knownColumns(warehouse: warehouse)
    let problems = ReportCatalogueCheck.problems(
        reports: ReportPins.resolve(facts.reports, workspace: configuration.workspace), columns: known)
    if !problems.isEmpty {
        throw WebStartError(code: "web.report-columns", message: problems.joined(separator: "\n"))
    }
    // Fail closed: without a valid suppression policy no aggregated page is served at all.
    let policy: SuppressionPolicy
    do {
        policy = try SuppressionPolicy.load(
            contentsOf: configuration.workspace.folder(.policies).appending(path: SuppressionPolicy.fileName))
    } catch {
        throw WebStartError(code: "web.suppression-policy", message: "\(configuration.workspace.displayName): \(error)")
    }
    let suppression = SuppressionService(policy: policy, warehouse: warehouse)
    let router = Router(context: KlarsynRequestContext.self)
    router.middlewares.add(ErrorPageMiddleware(defaultLanguage: configuration.language))
    router.middlewares.add(SecurityHeadersMiddleware())
    let sessions = SessionStore(
        idleTimeout: configuration.sessionIdleTimeout, absoluteTimeout: configuration.sessionAbsoluteTimeout)
    // Aggregate views are queued and written together (decision 0145); the queue is written on shutdown.
    let auditBatch = AuditBatch(warehouse: warehouse)
    let audit = AuditLog(warehouse: warehouse, batch: auditBatch)
    router.middlewares.add(AccessMiddleware(sessions: sessions, audit: audit, defaultLanguage: configuration.language))
    AccessController(
        accounts: AccountRepository(warehouse: warehouse), sessions: sessions, audit: audit,
        defaultLanguage: configuration.language
    ).addRoutes(to: router)
    let repository = SickLeaveRepository(warehouse: warehouse)
    PagesController(
        facts: facts, repository: repository, catalogue: CatalogueRepository(warehouse: warehouse),
        comments: CommentRepository(warehouse: warehouse), quarantine: QuarantineRepository(warehouse: warehouse),
        answers: ScenarioAnswerRepository(warehouse: warehouse),
        defaultLanguage: configuration.language, suppression: suppression, pageCache: ReportPageCache(),
        renderedPages: RenderedReportPageCache(capacity: 512)
    ).addRoutes(to: router)
    StudentController(
        facts: facts, repository: StudentRepository(warehouse: warehouse), defaultLanguage: configuration.language
    ).addRoutes(to: router)
    ReconcileController(
        warehouse: warehouse, defaultLanguage: configuration.language, disclosure: ReconcileDisclosure(policy: policy)
    ).addRoutes(to: router)
    MigrationController(
        warehouse: warehouse, workspace: configuration.workspace, defaultLanguage: configuration.language
    ).addRoutes(to: router)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Klarsyn"),
        services: [AuditFlushService(batch: auditBatch)], logger: logger)
}
