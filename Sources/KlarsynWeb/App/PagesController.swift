import Hummingbird
import KlarsynCore
import KlarsynMetrics

/// The report area: home page (report list), report pages, definition pages, stylesheet, health.
/// Registers exactly the patterns of ``Route``.
struct PagesController: Sendable {
    let facts: WorkspaceFacts
    let repository: SickLeaveRepository
    let catalogue: CatalogueRepository
    let defaultLanguage: Language

    func addRoutes(to router: Router<some RequestContext>) {
        for pattern in Route.Pattern.allCases {
            switch pattern {
            case .home: router.get(RouterPath(pattern.rawValue)) { request, _ in try await home(request) }
            case .report: router.get(RouterPath(pattern.rawValue)) { request, context in try await report(request, id: context.parameters.get("id") ?? "") }
            case .definition: router.get(RouterPath(pattern.rawValue)) { request, context in try await definition(request, id: context.parameters.get("id") ?? "") }
            case .explain: router.get(RouterPath(pattern.rawValue)) { request, context in try await explain(request, id: context.parameters.get("id") ?? "") }
            case .catalogue: router.get(RouterPath(pattern.rawValue)) { request, _ in try await catalogueIndex(request) }
            case .model: router.get(RouterPath(pattern.rawValue)) { request, context in try await model(request, name: context.parameters.get("model") ?? "") }
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

    func explain(_ request: Request, id: String) async throws -> Response {
        let (l, cookie) = language(request)
        let view = try await ReportPageBuilder(facts: facts, repository: repository).explain(
            reportID: id, unitParameter: request.uri.queryParameters.get("unit"), monthParameter: request.uri.queryParameters.get("month"), language: l)
        return HTMLResponse.page(ExplainPage.render(view), language: cookie)
    }

    func catalogueIndex(_ request: Request) async throws -> Response {
        let (l, cookie) = language(request)
        return HTMLResponse.page(CataloguePages.index(try await catalogue.models(), l), language: cookie)
    }

    func model(_ request: Request, name: String) async throws -> Response {
        let (l, cookie) = language(request)
        guard let (model, columns, readers) = try await catalogue.model(name) else {
            throw PageError.notFound(.unknownModel(String(name.prefix(64))))
        }
        var uses: [String: [(report: String, reportTitle: String, tile: String)]] = [:]
        for report in facts.reports {
            for tile in report.tiles {
                for d in tile.dependencies where d.table == name {
                    uses[d.column, default: []].append((report.id, report.title.text(l), tile.id))
                }
            }
        }
        let page = CataloguePages.model(model, columns: columns, readers: readers, models: try await catalogue.modelNames(), reportUses: uses, l)
        return HTMLResponse.page(page, language: cookie)
    }
}
