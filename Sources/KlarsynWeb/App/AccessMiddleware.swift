import Foundation
import Hummingbird
import Logging

/// Resolves the session cookie into ``KlarsynRequestContext/user``, checks the CSRF token of
/// every POST, and turns ``AccessDenied`` into a sign-in redirect or a generic 403 page, writing
/// a `denied` audit entry (decision 0085).
struct AccessMiddleware: RouterMiddleware {
    typealias Context = KlarsynRequestContext
    let sessions: SessionStore
    let audit: AuditLog
    let defaultLanguage: Language

    /// `__Host-` cookies: Secure, Path=/, no Domain, so no other host or path can set or read them.
    static let sessionCookie = "__Host-klarsyn_session"
    /// The pre-sign-in CSRF token of the sign-in form (double-submit).
    static let loginCookie = "__Host-klarsyn_login"
    /// The form field every POST carries.
    static let csrfField = "_csrf"
    /// POST bodies larger than this are refused before parsing.
    static let maxFormBytes = 1024 * 1024

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var context = context
        var request = request
        context.auditLog = audit
        if let token = request.cookies[Self.sessionCookie]?.value, let s = await sessions.session(token: token) {
            context.user = s.user
            context.csrfToken = s.csrfToken
        } else {
            context.csrfToken = request.cookies[Self.loginCookie]?.value ?? ""
        }
        let language = LanguageChoice.resolve(request, default: defaultLanguage)
        do {
            if request.method == .post {
                let body = try await request.collectBody(upTo: Self.maxFormBytes)
                let sent = FormFields.first(FormFields.parse(String(buffer: body)), Self.csrfField) ?? ""
                guard !context.csrfToken.isEmpty,
                    PasswordHash.constantTimeEqual(Array(sent.utf8), Array(context.csrfToken.utf8))
                else { throw AccessDenied.badForm }
            }
            let chrome = PageChrome(user: context.user, csrfToken: context.csrfToken)
            return try await PageChrome.$current.withValue(chrome) { try await next(request, context) }
        } catch let denied as AccessDenied {
            if denied == .signInRequired, request.method == .get {
                let target = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
                return Response(
                    status: .seeOther,
                    headers: [
                        .location: Route.login(next: target).href(language), .cacheControl: "no-store",
                    ])
            }
            let reason: String
            switch denied {
            case .signInRequired: reason = "signed-out"
            case .forbidden(let r): reason = r
            case .purposeMissing: reason = "purpose-missing"
            case .badForm: reason = "csrf"
            }
            try? await audit.append(
                AuditEvent(
                    action: .denied, report: request.uri.path.count <= 200 ? request.uri.path : nil, note: reason),
                user: context.user, requestID: context.id)
            let chrome = PageChrome(user: context.user, csrfToken: context.csrfToken)
            let text: AccessText =
                switch denied {
                case .badForm: .formExpired
                case .purposeMissing: .purposeMissing
                case .signInRequired: .signInRequired
                case .forbidden: .forbiddenBody(requestID: context.id)
                }
            let page = PageChrome.$current.withValue(chrome) {
                OtherPages.message(
                    MessagePageView(
                        language: language, title: AccessText.forbiddenTitle.text(language),
                        message: text.text(language)))
            }
            return HTMLResponse.page(page, status: denied == .signInRequired ? .unauthorized : .forbidden)
        }
    }
}
