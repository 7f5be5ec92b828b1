import Foundation
import Hummingbird
import KlarsynCore
import KlarsynMetrics
import KlarsynWorkspace

/// The report area: home page (report list), report pages, definition pages, stylesheet, health.
/// Registers exactly the patterns of ``Route``.
struct PagesController: Sendable {
    let facts: WorkspaceFacts
    let repository: SickLeaveRepository
    let catalogue: CatalogueRepository
    let comments: CommentRepository
    let quarantine: QuarantineRepository
    let answers: ScenarioAnswerRepository
    let defaultLanguage: Language
    /// Small-cell decisions for every aggregate page (decision 0087).
    var suppression: SuppressionService? = nil
    /// Report page view models per data version and scope (decision 0130); `nil` builds every time.
    var pageCache: ReportPageCache? = nil
    /// Rendered report pages per view-model key, role and comment generation (decision 0144);
    /// used only together with ``pageCache``.
    var renderedPages: RenderedReportPageCache? = nil

    func addRoutes(to router: Router<KlarsynRequestContext>) {
        for pattern in Route.Pattern.allCases {
            switch pattern {
            case .home:
                router.get(RouterPath(pattern.rawValue)) { request, context in
                    try await home(request, user: try context.requireUser())
                }
            case .report:
                router.get(RouterPath(pattern.rawValue)) { request, context in
                    try await report(request, id: context.parameters.get("id") ?? "", context: context)
                }
            case .definition:
                router.get(RouterPath(pattern.rawValue)) { request, context in
                    try context.require(.viewDefinitions)
                    return try await definition(request, id: context.parameters.get("id") ?? "")
                }
            case .explain:
                router.get(RouterPath(pattern.rawValue)) { request, context in
                    try context.require(.viewReports, unit: request.uri.queryParameters.get("unit") ?? "")
                    return try await explain(request, id: context.parameters.get("id") ?? "", context: context)
                }
            case .comments:
                router.post(RouterPath(pattern.rawValue)) { request, context in
                    try await addComment(request, id: context.parameters.get("id") ?? "", context: context)
                }
            case .scenarios:
                router.get(RouterPath(pattern.rawValue)) { request, context in
                    try context.require(.viewDefinitions)
                    return try await scenarios(request)
                }
            case .scenario:
                router.get(RouterPath(pattern.rawValue)) { request, context in
                    try context.require(.viewDefinitions)
                    return try await scenario(request, id: context.parameters.get("id") ?? "")
                }
            case .scenarioAnswers:
                router.post(RouterPath(pattern.rawValue)) { request, context in
                    try context.require(.answerScenarios)
                    return try await addAnswer(request, id: context.parameters.get("id") ?? "")
                }
            case .scenarioExport:
                router.get(RouterPath(pattern.rawValue)) { _, context in
                    try context.require(.answerScenarios)
                    return try await exportScenario(id: context.parameters.get("id") ?? "")
                }
            case .catalogue:
                router.get(RouterPath(pattern.rawValue)) { request, context in
                    try context.require(.viewCatalogue)
                    return try await catalogueIndex(request)
                }
            case .model:
                router.get(RouterPath(pattern.rawValue)) { request, context in
                    try context.require(.viewCatalogue)
                    return try await model(request, name: context.parameters.get("model") ?? "")
                }
            case .column:
                router.get(RouterPath(pattern.rawValue)) { request, context in
                    try context.require(.viewCatalogue)
                    return try await column(
                        request, model: context.parameters.get("model") ?? "",
                        column: context.parameters.get("column") ?? "")
                }
            case .quarantine:
                router.get(RouterPath(pattern.rawValue)) { request, context in
                    try context.require(.reviewQuarantine)
                    return try await quarantinePage(request)
                }
            case .quarantineWaive:
                router.post(RouterPath(pattern.rawValue)) { request, context in
                    try context.require(.reviewQuarantine)
                    return try await waive(request)
                }
            case .stylesheet:
                router.get(RouterPath(pattern.rawValue)) { _, _ in
                    Response(
                        status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=300"],
                        body: .init(byteBuffer: ByteBuffer(string: Stylesheet.css)))
                }
            case .health: router.get(RouterPath(pattern.rawValue)) { _, _ in "ok" }
            case .login, .logout, .audit, .auditPerson: break  // AccessController
            case .students, .student, .studentComments, .studentExport: break  // StudentController
            case .reconciliation: break  // ReconcileController
            case .migration: break  // MigrationController
            case .suppressionPolicy:
                router.get(RouterPath(pattern.rawValue)) { request, context in
                    try context.require(.viewDefinitions)
                    return try suppressionPolicy(request)
                }
            case .explainPeople:
                router.post(RouterPath(pattern.rawValue)) { request, context in
                    try await explainPeople(request, id: context.parameters.get("id") ?? "", context: context)
                }
            case .reportExport:
                router.get(RouterPath(pattern.rawValue)) { request, context in
                    try await exportReport(request, id: context.parameters.get("id") ?? "", context: context)
                }
            }
        }
    }

    func language(_ request: Request) -> (Language, setCookie: Language?) {
        let l = LanguageChoice.resolve(request, default: defaultLanguage)
        return (l, request.uri.queryParameters.get("lang") != nil ? l : nil)
    }

    func home(_ request: Request, user: User) async throws -> Response {
        let (l, cookie) = language(request)
        let view = HomePageView(
            language: l,
            reports: facts.reports.compactMap {
                // The student report is drawn by the student pages, for supervisors and students only.
                let students = $0.id == StudentController.reportID
                guard user.can(students ? .viewStudentData : .viewReports) else { return nil }
                // A report the pages cannot draw (kept for a model migration) is on the migration board only.
                guard students || $0.tiles.contains(where: ReportPageBuilder.canDraw) else { return nil }
                let href = students ? Route.students.href(l) : Route.report(id: $0.id).href(l)
                return ($0.title.text(l), $0.summary?.text(l), href, $0.owner)
            })
        return HTMLResponse.page(OtherPages.home(view), language: cookie)
    }

    func report(_ request: Request, id: String, context: KlarsynRequestContext) async throws -> Response {
        let (l, cookie) = language(request)
        if id == StudentController.reportID {
            return Response(status: .seeOther, headers: [.location: Route.students.href(l)])
        }
        let user = try context.require(.viewReports)
        let unit = request.uri.queryParameters.get("unit").flatMap { $0.isEmpty ? nil : $0 } ?? user.scope.rootUnit
        if let unit { try context.require(.viewReports, unit: unit) }
        let builder = ReportPageBuilder(
            facts: facts, repository: repository, scope: user.scope, suppression: suppression)
        var view: ReportPageView
        if let pageCache {
            let fingerprint = try await repository.fingerprint(policyTag: suppression?.policyTag ?? "-")
            view = try await pageCache.view(
                fingerprint: fingerprint, scope: user.scope, report: id, unit: unit, language: l
            ) { try await builder.build(reportID: id, unitParameter: unit, language: l) }
            if let renderedPages {
                // The rendered page depends on the view model, the comments and the role (its
                // navigation and export links); the user's name and the CSRF token are spliced in.
                let (list, generation) = try await comments.cachedList(report: view.reportID, unit: view.unitID)
                let cachedView = view
                let page = try await renderedPages.view(
                    fingerprint: fingerprint + "|comments=\(generation)", scope: user.scope, report: id, unit: unit,
                    language: l, variant: user.role.rawValue
                ) {
                    var v = cachedView
                    v.comments = list
                    v.annotateContextEvents()
                    v.attachTileComments()
                    let page = RenderedPage.render(for: user) { ReportPage.render(v) }
                    return RenderedReportPage(page: page, audit: v.auditEvent)
                }
                // Every look-up is logged, aggregate ones too (before the page is sent; no personal data).
                try await context.audit(page.audit)
                return HTMLResponse.page(page.page.body(for: PageChrome.current), language: cookie)
            }
        } else {
            view = try await builder.build(reportID: id, unitParameter: unit, language: l)
        }
        view.comments = try await comments.list(report: view.reportID, unit: view.unitID)
        view.annotateContextEvents()
        view.attachTileComments()
        // Every look-up is logged, aggregate ones too (before the page is sent; no personal data).
        try await context.audit(view.auditEvent)
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

    func explain(_ request: Request, id: String, context: KlarsynRequestContext) async throws -> Response {
        let (l, cookie) = language(request)
        let view = try await ReportPageBuilder(facts: facts, repository: repository, suppression: suppression).explain(
            reportID: id, unitParameter: request.uri.queryParameters.get("unit"),
            monthParameter: request.uri.queryParameters.get("month"), language: l)
        try await context.audit(view.auditEvent)
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
            model, columns: columns, readers: readers, models: try await catalogue.modelNames(), reportUses: uses, l,
            tests: try await catalogue.tests(model: name))
        return HTMLResponse.page(page, language: cookie)
    }

    /// Today (UTC date) as a calendar day.
    static func today() -> CalendarDay {
        CalendarDay(iso: String(ISO8601DateFormatter().string(from: Date()).prefix(10)))
            ?? CalendarDay(year: 2024, month: 1, day: 1)
    }

    /// A form posted from another site is refused (defence in depth behind the CSRF token that
    /// ``AccessMiddleware`` checks on every POST).
    /// The browser's `Sec-Fetch-Site` must not say `cross-site`/`same-site`, and an `Origin`
    /// (`null` included) must name this host.
    static func refuseForeignOrigin(_ request: Request, _ text: UIText) throws {
        if let site = request.headers[.init("Sec-Fetch-Site")!], site != "same-origin", site != "none" {
            throw PageError.badRequest(text)
        }
        if let origin = request.headers[.origin], let authority = request.head.authority,
            URL(string: origin)?.host.map({ authority == $0 || authority.hasPrefix($0 + ":") }) != true
        {
            throw PageError.badRequest(text)
        }
    }

    func quarantinePage(_ request: Request) async throws -> Response {
        let (l, cookie) = language(request)
        let asked = request.uri.queryParameters.get("status") ?? "open"
        guard QuarantinePage.statuses.contains(asked) else { throw PageError.badRequest(.waiveInvalid) }
        let (files, truncated) = try await quarantine.files(status: asked == "all" ? nil : asked)
        return HTMLResponse.page(
            QuarantinePage.render(QuarantinePageView(language: l, status: asked, files: files, truncated: truncated)),
            language: cookie)
    }

    /// Marks the selected open findings waived with the note, then back to the list (POST–redirect–GET).
    func waive(_ request: Request) async throws -> Response {
        try Self.refuseForeignOrigin(request, .waiveInvalid)
        let buffer = try await request.body.collect(upTo: 64 * 1024)
        let fields = FormFields.parse(String(buffer: buffer))
        let ids = FormFields.values(fields, "id").compactMap { Int64($0) }
        let note = (FormFields.first(fields, "note") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !ids.isEmpty, ids.count <= 1000, !note.isEmpty, note.count <= QuarantineRepository.maxNoteLength else {
            throw PageError.badRequest(.waiveInvalid)
        }
        let l =
            FormFields.first(fields, "lang").flatMap(Language.init(rawValue:))
            ?? LanguageChoice.resolve(request, default: defaultLanguage)
        let status = FormFields.first(fields, "status").flatMap { QuarantinePage.statuses.contains($0) ? $0 : nil }
        _ = try await quarantine.waive(ids: ids, note: note)
        return Response(status: .seeOther, headers: [.location: Route.quarantine(status: status).href(l)])
    }

    /// A column's lineage both ways, drawn and listed; report tiles hang off the columns they use.
    func column(_ request: Request, model: String, column: String) async throws -> Response {
        let (l, cookie) = language(request)
        let name = String("\(model).\(column)".prefix(129))
        guard model.count <= 64, column.count <= 64,
            let lineage = try await catalogue.lineage(table: model, column: column)
        else { throw PageError.notFound(.unknownColumn(name)) }
        func tiles(_ table: String, _ column: String) -> [String] {
            facts.reports.flatMap { r in
                r.tiles.filter { t in t.dependencies.contains { $0.table == table && $0.column == column } }
                    .map { "\(r.title.text(l)) › \($0.title.text(l))" }
            }
        }
        var down = LineageTree(steps: lineage.downstream)
        for i in down.nodes.indices { down.nodes[i].tiles = tiles(down.nodes[i].table, down.nodes[i].column) }
        let models = try await catalogue.modelNames()
        let view = ColumnPageView(
            language: l, lineage: lineage, isModel: models.contains(model), ownTiles: tiles(model, column),
            upstream: LineageTree(steps: lineage.upstream), downstream: down, models: models,
            tests: try await catalogue.tests(model: model).filter { $0.keyColumns.contains(column) })
        return HTMLResponse.page(ColumnPage.render(view), language: cookie)
    }

    /// The form fields of a comment.
    struct CommentForm: Decodable {
        var unit: String
        var lang: String?
        var role: String
        var body: String
        var kind: String?
        var eventDate: String?
        var tile: String?

        enum CodingKeys: String, CodingKey {
            case unit, lang, role, body, kind, tile
            case eventDate = "event_date"
        }
    }

    /// Stores a comment and sends the reader back to the report (POST–redirect–GET).
    func addComment(_ request: Request, id: String, context: KlarsynRequestContext) async throws -> Response {
        try context.require(.comment)
        guard let report = facts.report(id) else { throw PageError.notFound(.unknownReport(id)) }
        try Self.refuseForeignOrigin(request, .commentInvalid)
        let buffer = try await request.body.collect(upTo: 16 * 1024)
        guard let form = try? URLEncodedFormDecoder().decode(CommentForm.self, from: String(buffer: buffer)),
            let role = CommentRole(rawValue: form.role)
        else { throw PageError.badRequest(.commentInvalid) }
        let body = form.body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !body.isEmpty, body.count <= CommentRepository.maxLength,
            form.unit.count <= 64, !form.unit.isEmpty,
            form.unit.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        else { throw PageError.badRequest(.commentInvalid) }
        guard let kind = CommentKind(rawValue: form.kind ?? "question") else {
            throw PageError.badRequest(.commentInvalid)
        }
        let dateText = (form.eventDate ?? "").trimmingCharacters(in: .whitespaces)
        let eventDate = CalendarDay(iso: dateText)
        guard kind == .contextEvent ? eventDate != nil : dateText.isEmpty else {
            throw PageError.badRequest(.commentEventInvalid)
        }
        try context.require(.comment, unit: form.unit)
        let tile = form.tile.flatMap { $0.isEmpty ? nil : $0 }
        if let tile, !report.tiles.contains(where: { $0.id == tile }) { throw PageError.badRequest(.commentInvalid) }
        let l = form.lang.flatMap(Language.init(rawValue:)) ?? LanguageChoice.resolve(request, default: defaultLanguage)
        try await comments.add(
            report: report.id, unit: form.unit, role: role, body: body, kind: kind,
            definitionVersion: facts.sickLeave?.current(on: Self.today())?.version, eventDate: eventDate?.iso,
            tileID: tile)
        let location = Route.report(id: report.id, unit: form.unit).href(l) + "#comments"
        return Response(status: .seeOther, headers: [.location: location])
    }

    func scenarios(_ request: Request) async throws -> Response {
        let (l, cookie) = language(request)
        return HTMLResponse.page(
            ScenarioPages.index(
                scenarios: facts.scenarios, definitions: facts.sickLeave, l, answers: try await answers.all()),
            language: cookie)
    }

    func scenario(_ request: Request, id: String) async throws -> Response {
        let (l, cookie) = language(request)
        guard let s = facts.scenarios.first(where: { $0.id == id }), let set = facts.sickLeave else {
            throw PageError.notFound(.unknownScenario(String(id.prefix(64))))
        }
        let requested = request.uri.queryParameters.get("version").flatMap { Int($0) }
        guard let d = requested.map({ set.version($0) }) ?? set.current(on: Self.today()) ?? set.versions.last else {
            throw PageError.notFound(.unknownScenario(String(id.prefix(64))))
        }
        let given = try await answers.list(scenario: s.id)
        return HTMLResponse.page(
            ScenarioPages.detail(scenario: s, definition: d, all: set, l, answers: given), language: cookie)
    }

    /// Stores an HR partner's answer to a scenario and goes back to the scenario (POST–redirect–GET).
    func addAnswer(_ request: Request, id: String) async throws -> Response {
        guard let s = facts.scenarios.first(where: { $0.id == id }) else {
            throw PageError.notFound(.unknownScenario(String(id.prefix(64))))
        }
        try Self.refuseForeignOrigin(request, .answerInvalid)
        let buffer = try await request.body.collect(upTo: 16 * 1024)
        let fields = FormFields.parse(String(buffer: buffer))
        let comment = (FormFields.first(fields, "comment") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let by = (FormFields.first(fields, "answered_by") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard let key = FormFields.first(fields, "key").flatMap(ScenarioAnswerKey.init(rawValue:)),
            let value = FormFields.first(fields, "value").flatMap(key.normalise),
            !by.isEmpty, by.count <= ScenarioAnswerRepository.maxAnsweredBy,
            !by.contains(where: \.isNewline),
            comment.count <= ScenarioAnswerRepository.maxComment
        else { throw PageError.badRequest(.answerInvalid) }
        let l =
            FormFields.first(fields, "lang").flatMap(Language.init(rawValue:))
            ?? LanguageChoice.resolve(request, default: defaultLanguage)
        let version = FormFields.first(fields, "version").flatMap { Int($0) }.flatMap {
            facts.sickLeave?.version($0) == nil ? nil : $0
        }
        try await answers.add(
            scenario: s.id,
            ScenarioAnswer(
                key: key, value: value, comment: comment, answeredBy: by,
                answeredAt: ISO8601DateFormatter().string(from: Date())))
        return Response(
            status: .seeOther, headers: [.location: Route.scenario(id: s.id, version: version).href(l) + "#answers"])
    }

    /// The scenario file with the workbench answers filled in, as a download for `scenarios/ID.yml`.
    func exportScenario(id: String) async throws -> Response {
        guard let s = facts.scenarios.first(where: { $0.id == id }), let original = facts.scenarioFiles[s.id] else {
            throw PageError.notFound(.unknownScenario(String(id.prefix(64))))
        }
        let given = try await answers.list(scenario: s.id)
        let text = ScenarioYAML.export(original: original, merged: s.including(given), answers: given)
        // The file must load as it will in the workspace; anything else is a bug, not a download.
        _ = try ScenarioLoader.parse(text, file: s.sourceFile)
        let name = String(s.sourceFile.split(separator: "/").last ?? Substring(s.id + ".yml"))
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/yaml; charset=utf-8", .cacheControl: "no-store",
                .contentDisposition: "attachment; filename=\"\(name)\"",
            ],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
