import Foundation
import Hummingbird
import KlarsynCore
import KlarsynMetrics

/// The report area: home page (report list), report pages, definition pages, stylesheet, health.
/// Registers exactly the patterns of ``Route``.
struct PagesController: Sendable {
    let facts: WorkspaceFacts
    let repository: SickLeaveRepository
    let catalogue: CatalogueRepository
    let comments: CommentRepository
    let defaultLanguage: Language

    func addRoutes(to router: Router<some RequestContext>) {
        for pattern in Route.Pattern.allCases {
            switch pattern {
            case .home: router.get(RouterPath(pattern.rawValue)) { request, _ in try await home(request) }
            case .report:
                router.get(RouterPath(pattern.rawValue)) { request, context in
                    try await report(request, id: context.parameters.get("id") ?? "")
                }
            case .definition:
                router.get(RouterPath(pattern.rawValue)) { request, context in
                    try await definition(request, id: context.parameters.get("id") ?? "")
                }
            case .explain:
                router.get(RouterPath(pattern.rawValue)) { request, context in
                    try await explain(request, id: context.parameters.get("id") ?? "")
                }
            case .comments:
                router.post(RouterPath(pattern.rawValue)) { request, context in
                    try await addComment(request, id: context.parameters.get("id") ?? "")
                }
            case .scenarios: router.get(RouterPath(pattern.rawValue)) { request, _ in try await scenarios(request) }
            case .scenario:
                router.get(RouterPath(pattern.rawValue)) { request, context in
                    try await scenario(request, id: context.parameters.get("id") ?? "")
                }
            case .catalogue:
                router.get(RouterPath(pattern.rawValue)) { request, _ in try await catalogueIndex(request) }
            case .model:
                router.get(RouterPath(pattern.rawValue)) { request, context in
                    try await model(request, name: context.parameters.get("model") ?? "")
                }
            case .stylesheet:
                router.get(RouterPath(pattern.rawValue)) { _, _ in
                    Response(
                        status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=300"],
                        body: .init(byteBuffer: ByteBuffer(string: Stylesheet.css)))
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
        let view = HomePageView(
            language: l,
            reports: facts.reports.map {
                ($0.title.text(l), $0.summary?.text(l), Route.report(id: $0.id).href(l), $0.owner)
            })
        return HTMLResponse.page(OtherPages.home(view), language: cookie)
    }

    func report(_ request: Request, id: String) async throws -> Response {
        let (l, cookie) = language(request)
        let unit = request.uri.queryParameters.get("unit").flatMap { $0.isEmpty ? nil : $0 }
        var view = try await ReportPageBuilder(facts: facts, repository: repository).build(
            reportID: id, unitParameter: unit, language: l)
        view.comments = try await comments.list(report: view.reportID, unit: view.unitID)
        return HTMLResponse.page(ReportPage.render(view), language: cookie)
    }

    func definition(_ request: Request, id: String) async throws -> Response {
        let (l, cookie) = language(request)
        guard let set = facts.sickLeave, set.versions.first?.id == id else {
            throw PageError.notFound(.unknownReport(id))
        }
        let sources = try await repository.sources(
            of: ColumnReference(table: "sick_leave_unit_month", column: "rate_pct"))
        let cards = set.versions.map {
            ReportPageBuilder.card($0, set: set, sources: sources.compactMap { facts.sources[$0] }, language: l)
        }
        let view = DefinitionPageView(language: l, title: set.versions.first?.title ?? id, cards: cards)
        return HTMLResponse.page(OtherPages.definition(view, id: id), language: cookie)
    }

    func explain(_ request: Request, id: String) async throws -> Response {
        let (l, cookie) = language(request)
        let view = try await ReportPageBuilder(facts: facts, repository: repository).explain(
            reportID: id, unitParameter: request.uri.queryParameters.get("unit"),
            monthParameter: request.uri.queryParameters.get("month"), language: l)
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
        let page = CataloguePages.model(
            model, columns: columns, readers: readers, models: try await catalogue.modelNames(), reportUses: uses, l)
        return HTMLResponse.page(page, language: cookie)
    }

    /// The form fields of a comment.
    struct CommentForm: Decodable {
        var unit: String
        var lang: String?
        var role: String
        var body: String
    }

    /// Stores a comment and sends the reader back to the report (POST–redirect–GET).
    func addComment(_ request: Request, id: String) async throws -> Response {
        guard let report = facts.report(id) else { throw PageError.notFound(.unknownReport(id)) }
        // A form posted from another site is refused (no log-in yet, so this is the CSRF guard).
        if let origin = request.headers[.origin], let authority = request.head.authority,
            URL(string: origin)?.host.map({ authority == $0 || authority.hasPrefix($0 + ":") }) != true
        {
            throw PageError.badRequest(.commentInvalid)
        }
        let buffer = try await request.body.collect(upTo: 16 * 1024)
        guard let form = try? URLEncodedFormDecoder().decode(CommentForm.self, from: String(buffer: buffer)),
            let role = CommentRole(rawValue: form.role)
        else { throw PageError.badRequest(.commentInvalid) }
        let body = form.body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !body.isEmpty, body.count <= CommentRepository.maxLength,
            form.unit.count <= 64, !form.unit.isEmpty,
            form.unit.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        else { throw PageError.badRequest(.commentInvalid) }
        let l = form.lang.flatMap(Language.init(rawValue:)) ?? LanguageChoice.resolve(request, default: defaultLanguage)
        try await comments.add(report: report.id, unit: form.unit, role: role, body: body)
        let location = Route.report(id: report.id, unit: form.unit).href(l) + "#comments"
        return Response(status: .seeOther, headers: [.location: location])
    }

    func scenarios(_ request: Request) async throws -> Response {
        let (l, cookie) = language(request)
        return HTMLResponse.page(
            ScenarioPages.index(scenarios: facts.scenarios, definitions: facts.sickLeave, l), language: cookie)
    }

    func scenario(_ request: Request, id: String) async throws -> Response {
        let (l, cookie) = language(request)
        guard let s = facts.scenarios.first(where: { $0.id == id }), let set = facts.sickLeave else {
            throw PageError.notFound(.unknownScenario(String(id.prefix(64))))
        }
        let requested = request.uri.queryParameters.get("version").flatMap { Int($0) }
        let today =
            CalendarDay(iso: String(ISO8601DateFormatter().string(from: Date()).prefix(10)))
            ?? CalendarDay(year: 2024, month: 1, day: 1)
        guard let d = requested.map({ set.version($0) }) ?? set.current(on: today) ?? set.versions.last else {
            throw PageError.notFound(.unknownScenario(String(id.prefix(64))))
        }
        return HTMLResponse.page(ScenarioPages.detail(scenario: s, definition: d, all: set, l), language: cookie)
    }
}
