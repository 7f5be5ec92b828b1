import Foundation
import HTTPTypes
import Hummingbird

/// Sign-in, sign-out and the auditor's pages.
struct AccessController: Sendable {
    let accounts: AccountRepository
    let sessions: SessionStore
    let audit: AuditLog
    let defaultLanguage: Language

    func addRoutes(to router: Router<KlarsynRequestContext>) {
        router.get(RouterPath(Route.Pattern.login.rawValue)) { request, context in
            loginPage(
                language: LanguageChoice.resolve(request, default: defaultLanguage),
                next: request.uri.queryParameters.get("next"), context: context, failed: false)
        }
        router.post(RouterPath(Route.Pattern.login.rawValue)) { request, context in
            try await signIn(request, context: context)
        }
        router.post(RouterPath(Route.Pattern.logout.rawValue)) { request, context in
            try await signOut(request, context: context)
        }
        router.get(RouterPath(Route.Pattern.audit.rawValue)) { request, context in
            try await auditPage(request, context: context, subject: nil)
        }
        router.post(RouterPath(Route.Pattern.auditPerson.rawValue)) { request, context in
            let fields = FormFields.parse(String(buffer: try await request.body.collect(upTo: 64 * 1024)))
            let subject = (FormFields.first(fields, "subject") ?? "").trimmingCharacters(in: .whitespaces)
            guard !subject.isEmpty, subject.count <= 32,
                subject.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
            else { throw PageError.badRequest(.badRequestTitle) }
            return try await auditPage(request, context: context, subject: subject)
        }
    }

    /// A local path to return to after sign-in, or `/`. Refuses other hosts (`//evil`, `https:`).
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.hasPrefix("/\\"), next.count <= 512,
            !next.contains(where: { $0.isNewline })
        else { return "/" }
        return next
    }

    func loginPage(language l: Language, next: String?, context: KlarsynRequestContext, failed: Bool) -> Response {
        // Keep a valid pre-sign-in token (a second tab, a failed attempt); otherwise issue one.
        let token = context.csrfToken.isEmpty || context.user != nil ? Token.random() : context.csrfToken
        let next = Self.safeNext(next)
        let html = PageChrome.$current.withValue(PageChrome(user: context.user, csrfToken: token)) {
            AccessPages.login(language: l, next: next, failed: failed)
        }
        var response = HTMLResponse.page(html, status: failed ? .unauthorized : .ok)
        response.headers.append(
            HTTPField(
                name: .setCookie,
                value:
                    "\(AccessMiddleware.loginCookie)=\(token); Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=3600")
        )
        return response
    }

    func signIn(_ request: Request, context: KlarsynRequestContext) async throws -> Response {
        let fields = FormFields.parse(String(buffer: try await request.body.collect(upTo: 16 * 1024)))
        let login = (FormFields.first(fields, "login") ?? "").trimmingCharacters(in: .whitespaces)
        let password = FormFields.first(fields, "password") ?? ""
        let l = FormFields.first(fields, "lang").flatMap(Language.init(rawValue:)) ?? defaultLanguage
        guard let user = try await accounts.authenticate(login: login, password: password) else {
            try await audit.append(
                AuditEvent(action: .signInFailed), user: nil, actor: String(login.prefix(64)), requestID: context.id)
            return loginPage(language: l, next: FormFields.first(fields, "next"), context: context, failed: true)
        }
        // A new token at every sign-in (no session fixation); the pre-sign-in cookie is cleared.
        if let old = request.cookies[AccessMiddleware.sessionCookie]?.value { await sessions.remove(token: old) }
        let token = await sessions.create(user: user)
        try await audit.append(AuditEvent(action: .signIn), user: user, requestID: context.id)
        let next = Self.safeNext(FormFields.first(fields, "next"))
        var headers: HTTPFields = [.location: next, .cacheControl: "no-store"]
        headers.append(
            HTTPField(
                name: .setCookie,
                value: "\(AccessMiddleware.sessionCookie)=\(token); Path=/; Secure; HttpOnly; SameSite=Strict"))
        headers.append(
            HTTPField(
                name: .setCookie,
                value: "\(AccessMiddleware.loginCookie)=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0"))
        return Response(status: .seeOther, headers: headers)
    }

    func signOut(_ request: Request, context: KlarsynRequestContext) async throws -> Response {
        if let token = request.cookies[AccessMiddleware.sessionCookie]?.value { await sessions.remove(token: token) }
        if let user = context.user {
            try await audit.append(AuditEvent(action: .signOut), user: user, requestID: context.id)
        }
        let l = LanguageChoice.resolve(request, default: defaultLanguage)
        var headers: HTTPFields = [.location: Route.login().href(l), .cacheControl: "no-store"]
        headers.append(
            HTTPField(
                name: .setCookie,
                value: "\(AccessMiddleware.sessionCookie)=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0"))
        return Response(status: .seeOther, headers: headers)
    }

    func auditPage(_ request: Request, context: KlarsynRequestContext, subject: String?) async throws -> Response {
        try context.require(.readAuditLog)
        let l = LanguageChoice.resolve(request, default: defaultLanguage)
        // `?action=report-view` (or any ``AuditAction``) lists one kind of entry; anything else is refused.
        let kindText = request.uri.queryParameters.get("action").flatMap { $0.isEmpty ? nil : String($0) }
        let kind = kindText.flatMap(AuditAction.init(rawValue:))
        if kindText != nil, kind == nil { throw PageError.badRequest(.badRequestTitle) }
        let entries = try await audit.entries(subject: subject, action: kind, limit: 200)
        let check = try audit.verify()
        try await context.audit(
            AuditEvent(
                action: .auditRead, report: "audit", subjects: subject.map { [$0] } ?? [],
                filters: kind.map { ["action": $0.rawValue] } ?? [:], cellsServed: entries.count))
        return HTMLResponse.page(
            AccessPages.audit(language: l, entries: entries, verification: check, subject: subject, kind: kind),
            status: .ok)
    }
}
