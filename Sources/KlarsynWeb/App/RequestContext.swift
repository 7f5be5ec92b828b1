import Foundation
public import Hummingbird
import Logging

/// The request context of every route: Hummingbird's core context plus the signed-in user.
///
/// ``AccessMiddleware`` fills it before any route runs. A route asks for what it needs:
///
/// ```swift
/// router.get("/reports/:id") { request, context in
///     let user = try context.require(.viewReports, unit: unitID)   // 303 to sign-in, or 403 + audit
///     …
///     try await context.audit(AuditEvent(action: .personView, report: "sick-leave", subjects: ids, purpose: p))
/// }
/// ```
public struct KlarsynRequestContext: RequestContext {
    /// Hummingbird's per-request storage (logger, id, parameters).
    public var coreContext: CoreRequestContextStorage
    /// The signed-in user, or `nil`.
    public internal(set) var user: User?
    /// The CSRF token forms on this page must carry (`_csrf`).
    public internal(set) var csrfToken: String = ""
    /// Where audit events go (set by ``AccessMiddleware``).
    var auditLog: AuditLog?

    /// Creates an empty context (no user) for a request.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }

    /// The request id shown on error pages and written to the audit log.
    public var requestID: String { id }

    /// The signed-in user; a signed-out reader is sent to the sign-in page.
    public func requireUser() throws -> User {
        guard let user else { throw AccessDenied.signInRequired }
        return user
    }

    /// The signed-in user if their role holds `permission`; otherwise 403 (logged as denied).
    @discardableResult
    public func require(_ permission: Permission) throws -> User {
        let user = try requireUser()
        guard user.can(permission) else { throw AccessDenied.forbidden(reason: "permission:\(permission.rawValue)") }
        return user
    }

    /// As ``require(_:)``, and the unit must be inside the user's scope (unit managers: their subtree).
    @discardableResult
    public func require(_ permission: Permission, unit: String) throws -> User {
        let user = try require(permission)
        guard user.scope.allows(unit: unit) else { throw AccessDenied.forbidden(reason: "scope:unit") }
        return user
    }

    /// As ``require(_:)`` for person-level data, and a stated purpose (trimmed, 10–500 characters).
    /// Returns the user and the purpose to log.
    public func requirePersonLevel(purpose: String?) throws -> (User, String) {
        let user = try require(.viewPersonLevel)
        let p = (purpose ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard p.count >= 10, p.count <= 500 else { throw AccessDenied.purposeMissing }
        return (user, p)
    }

    /// Writes an event for the signed-in user to the audit log. A page that serves person-level
    /// data must call this before returning the response; if the log cannot be written, the
    /// request fails and nothing is served.
    public func audit(_ event: AuditEvent) async throws {
        guard let auditLog else { throw AccessError("The audit log is not available; person-level pages are off.") }
        try await auditLog.append(event, user: user, requestID: requestID)
    }
}

/// Why a request was refused. ``AccessMiddleware`` turns it into a redirect to sign-in (signed
/// out) or a generic 403 page, and writes a `denied` audit entry with the reason.
public enum AccessDenied: Error, Sendable, Equatable {
    /// Nobody is signed in.
    case signInRequired
    /// The role lacks the permission, or the data is out of scope; `reason` goes to the audit log only.
    case forbidden(reason: String)
    /// A person-level page was asked for without a purpose.
    case purposeMissing
    /// The form's CSRF token is missing or wrong (or the form is too old).
    case badForm
}

/// What the page shell needs to know about the request: who is signed in and the CSRF token for
/// forms. Set by ``AccessMiddleware`` for the duration of the request, read by ``Layout`` and
/// ``HTMLWriter/csrfField()``, so page code does not pass it around (decision 0085).
struct PageChrome: Sendable {
    var user: User?
    var csrfToken: String

    @TaskLocal static var current = PageChrome(user: nil, csrfToken: "")
}

extension HTMLWriter {
    /// The hidden CSRF field every POST form must carry (checked by ``AccessMiddleware``).
    mutating func csrfField() {
        element(
            .input, .type("hidden"), .name(AccessMiddleware.csrfField), .value(PageChrome.current.csrfToken))
    }
}
