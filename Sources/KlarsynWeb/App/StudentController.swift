import Foundation
import HTTPTypes
import Hummingbird
import KlarsynCore

/// The student pages (issue 9). Every handler requires `viewStudentData` and reads only what the
/// user's scope allows: a student their own placements, a supervisor the placements that name
/// them in a ward they work in. Placements are addressed by opaque tokens; a token outside the
/// scope is refused (403, logged) exactly like a token that never existed, so a page cannot be
/// used to probe whether a student exists. Every page with a student's figures is written to the
/// audit log before it is served.
struct StudentController: Sendable {
    let facts: WorkspaceFacts
    let repository: StudentRepository
    let defaultLanguage: Language

    static let reportID = "student-activity"

    func addRoutes(to router: Router<KlarsynRequestContext>) {
        router.get(RouterPath(Route.Pattern.students.rawValue)) { request, context in
            try await overview(request, context: context)
        }
        router.get(RouterPath(Route.Pattern.student.rawValue)) { request, context in
            try await student(request, token: context.parameters.get("token") ?? "", context: context)
        }
        router.post(RouterPath(Route.Pattern.studentComments.rawValue)) { request, context in
            try await addComment(request, token: context.parameters.get("token") ?? "", context: context)
        }
        router.get(RouterPath(Route.Pattern.studentExport.rawValue)) { request, context in
            try await export(request, token: context.parameters.get("token") ?? "", context: context)
        }
    }

    func language(_ request: Request) -> (Language, setCookie: Language?) {
        let l = LanguageChoice.resolve(request, default: defaultLanguage)
        return (l, request.uri.queryParameters.get("lang") != nil ? l : nil)
    }

    func report() throws -> ReportDefinition {
        guard let report = facts.report(Self.reportID) else {
            throw PageError.notFound(.unknownReport(Self.reportID))
        }
        return report
    }

    /// `/students`: the supervisor's overview, or the student's own placement.
    func overview(_ request: Request, context: KlarsynRequestContext) async throws -> Response {
        let user = try context.require(.viewStudentData)
        let (l, cookie) = language(request)
        let report = try report()
        guard try await repository.isBuilt() else { throw PageError.notBuilt }
        let placements = try await repository.placements(for: user.scope)
        if case .intern = user.scope, let own = placements.first {
            let view = try await detailView(
                own, report: report, language: l, own: true, others: Array(placements.dropFirst()))
            try await audit(context, view: "own", placements: [own], cells: view.weeks.count)
            return HTMLResponse.page(StudentPages.detail(view), language: cookie)
        }
        var cards: [StudentCardView] = []
        for p in placements {
            cards.append(
                StudentCardView(
                    placement: p, weeks: try await repository.weeks(of: p),
                    areaWeeks: try await repository.areaWeeks(of: p)))
        }
        let view = StudentOverviewView(
            language: l, report: report, students: cards, areas: try await repository.areas(),
            status: try await repository.status(), own: user.role == .intern)
        try await audit(
            context, view: "overview", placements: placements, cells: cards.reduce(0) { $0 + $1.weeks.count })
        return HTMLResponse.page(StudentPages.overview(view), language: cookie)
    }

    /// `/students/:token`: one placement.
    func student(_ request: Request, token: String, context: KlarsynRequestContext) async throws -> Response {
        let (user, p) = try await resolve(token, context: context)
        let (l, cookie) = language(request)
        let own = user.role == .intern
        let others = own ? try await repository.placements(for: user.scope).filter { $0 != p } : []
        let view = try await detailView(p, report: try report(), language: l, own: own, others: others)
        try await audit(context, view: own ? "own" : "student", placements: [p], cells: view.weeks.count)
        return HTMLResponse.page(StudentPages.detail(view), language: cookie)
    }

    /// `POST /students/:token/comments`: adds to the thread, then back to the page.
    func addComment(_ request: Request, token: String, context: KlarsynRequestContext) async throws -> Response {
        let (user, p) = try await resolve(token, context: context)
        let fields = FormFields.parse(String(buffer: try await request.body.collect(upTo: 64 * 1024)))
        let l = FormFields.first(fields, "lang").flatMap(Language.init(rawValue:)) ?? defaultLanguage
        let body = (FormFields.first(fields, "body") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !body.isEmpty, body.count <= StudentRepository.maxCommentLength else {
            var view = try await detailView(p, report: try report(), language: l, own: user.role == .intern, others: [])
            view.commentError = (body.isEmpty ? StudentText.commentEmpty : StudentText.commentTooLong).text(l)
            return HTMLResponse.page(StudentPages.detail(view), status: .badRequest)
        }
        try await repository.addComment(to: p, author: user.role == .intern ? .student : .supervisor, body: body)
        let target = Route.student(token: p.token).href(l) + "#comments"
        return Response(status: .seeOther, headers: [.location: target, .cacheControl: "no-store"])
    }

    /// `/students/:token/export`: the dialogue sheet as a download.
    func export(_ request: Request, token: String, context: KlarsynRequestContext) async throws -> Response {
        let (user, p) = try await resolve(token, context: context)
        let (l, _) = language(request)
        let view = try await detailView(p, report: try report(), language: l, own: user.role == .intern, others: [])
        try await context.audit(
            AuditEvent(
                action: .export, report: Self.reportID, reportVersion: "student_activity_week@1",
                subjects: [p.internID],
                filters: ["view": "dialogue-sheet", "unit": p.unitID], cellsServed: view.weeks.count))
        let today =
            CalendarDay(iso: ISO8601DateFormatter().string(from: Date()).prefix(10)).map {
                StudentPages.date($0.iso, l)
            } ?? ""
        let html = StudentPages.export(view, madeOn: today)
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store, private",
                .contentDisposition: "attachment; filename=\"samtaleark-\(p.placementStart).html\"",
            ],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    // MARK: Helpers

    /// The user and the placement behind a token, or 403 (logged) when the token is not one of
    /// the placements the user's scope may see.
    func resolve(_ token: String, context: KlarsynRequestContext) async throws -> (User, StudentPlacement) {
        let user = try context.require(.viewStudentData)
        guard try await repository.isBuilt() else { throw PageError.notBuilt }
        guard let p = try await repository.placement(token: token, scope: user.scope) else {
            throw AccessDenied.forbidden(reason: "scope:student")
        }
        return (user, p)
    }

    func detailView(
        _ p: StudentPlacement, report: ReportDefinition, language: Language, own: Bool, others: [StudentPlacement]
    ) async throws -> StudentDetailView {
        StudentDetailView(
            language: language, report: report, placement: p, weeks: try await repository.weeks(of: p),
            areaWeeks: try await repository.areaWeeks(of: p), areas: try await repository.areas(),
            status: try await repository.status(), comments: try await repository.comments(of: p), own: own,
            others: others)
    }

    func audit(_ context: KlarsynRequestContext, view: String, placements: [StudentPlacement], cells: Int) async throws
    {
        try await context.audit(
            AuditEvent(
                action: .personView, report: Self.reportID, reportVersion: "student_activity_week@1",
                subjects: placements.map(\.internID), filters: ["view": view], cellsServed: cells))
    }
}
