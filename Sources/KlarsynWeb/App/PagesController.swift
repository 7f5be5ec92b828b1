import Hummingbird
import KlarsynCore
import KlarsynMetrics

/// The report area: home page (report list), report pages, definition pages, stylesheet, health.
/// Registers exactly the patterns of ``Route``.
struct PagesController: Sendable {
    let facts: WorkspaceFacts
    let repository: SickLeaveRepository
    let defaultLanguage: Language

    func addRoutes(to router: Router<some RequestContext>) {
        for pattern in Route.Pattern.allCases {
            switch pattern {
            case .home: router.get(RouterPath(pattern.rawValue)) { request, _ in try await home(request) }
            case .report: router.get(RouterPath(pattern.rawValue)) { request, context in try await report(request, id: context.parameters.get("id") ?? "") }
            case .definition: router.get(RouterPath(pattern.rawValue)) { request, context in try await definition(request, id: context.parameters.get("id") ?? "") }
            case .stylesheet:
                router.get(RouterPath(pattern.rawValue)) { _, _ in
                    Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=300"], body: .init(byteBuffer: ByteBuffer(string: Stylesheet.css)))
                }
            case .health: router.get(RouterPath(pattern.rawValue)) { _, _ in "ok" }
            }
        }
    }

    func language(_ request: Request) -> (Language, setCookie: Language?) {
        let l = LanguageChoice.resolve(request, default: defaultLanguage)
        return (l, request.uri.queryParameters.get("lang") != nil ? l : nil)
    }

    func home(_ request: Request) async throws -> Response {
        let (l, cookie) = language(request)
        let view = HomePageView(language: l, reports: facts.reports.map {
            ($0.title.text(l), $0.summary?.text(l), Route.report(id: $0.id).href(l), $0.owner)
        })
        return HTMLResponse.page(OtherPages.home(view), language: cookie)
    }

    func report(_ request: Request, id: String) async throws -> Response {
        let (l, cookie) = language(request)
        let unit = request.uri.queryParameters.get("unit").flatMap { $0.isEmpty ? nil : $0 }
        let view = try await ReportPageBuilder(facts: facts, repository: repository).build(reportID: id, unitParameter: unit, language: l)
        return HTMLResponse.page(ReportPage.render(view), language: cookie)
    }

    func definition(_ request: Request, id: String) async throws -> Response {
        let (l, cookie) = language(request)
        guard let set = facts.sickLeave, set.versions.first?.id == id else { throw PageError.notFound(.unknownReport(id)) }
        let sources = try await repository.sources(of: ColumnReference(table: "sick_leave_unit_month", column: "rate_pct"))
        let cards = set.versions.map { ReportPageBuilder.card($0, set: set, sources: sources.compactMap { facts.sources[$0] }, language: l) }
        let view = DefinitionPageView(language: l, title: set.versions.first?.title ?? id, cards: cards)
        return HTMLResponse.page(OtherPages.definition(view, id: id), language: cookie)
    }
}
