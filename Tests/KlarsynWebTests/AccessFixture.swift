import Foundation
import Hummingbird
import HummingbirdTesting
import KlarsynBuild
import KlarsynStore
import KlarsynWeb

/// One account per role on the fixture warehouse, and a signed-in test client session.
enum AccessFixture {
    static let password = "test-password"

    /// Login, role, unit scope, subject. The unit manager manages ward W1; the department manager D1.
    static let accounts: [AccountRecord] = [
        AccountRecord(login: "bi-developer", displayName: "BI", role: .biDeveloper),
        AccountRecord(login: "hr-partner", displayName: "HR", role: .hrPartner),
        AccountRecord(login: "hospital-manager", displayName: "Hospital", role: .hospitalManager, unitID: "H1"),
        AccountRecord(login: "unit-manager", displayName: "Afsnit 1", role: .unitManager, unitID: "W1"),
        AccountRecord(login: "department-manager", displayName: "Afdeling", role: .unitManager, unitID: "D1"),
        AccountRecord(
            login: "intern-supervisor", displayName: "Vejleder", role: .internSupervisor, subjectID: "E0000001"),
        AccountRecord(login: "intern", displayName: "Studerende", role: .intern, subjectID: "I0100007"),
        AccountRecord(login: "auditor", displayName: "Revisor", role: .auditor),
        AccountRecord(login: "admin", displayName: "Admin", role: .admin),
    ]

    /// Creates the accounts (cheap hashes: the rounds are stored with each hash).
    static func install(path: String) throws {
        let warehouse = try Warehouse.open(
            path: path, migrations: WarehouseMigrations.all + CatalogueMigrations.all + WebMigrations.all)
        let repository = AccountRepository(warehouse: warehouse)
        for a in accounts { try repository.upsert(a, password: password, rounds: 1_000) }
    }

    /// The login of the first account with `role`.
    static func login(_ role: Role) -> String { accounts.first { $0.role == role }!.login }
}

/// A signed-in client: the session cookie and the CSRF token to send with forms.
struct TestSession: Sendable {
    var cookie: String
    var csrf: String

    /// Headers with the session cookie (and a form content type).
    var headers: HTTPFields {
        [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
    }

    /// A form body with the CSRF token added.
    func form(_ body: String) -> ByteBuffer {
        ByteBuffer(string: "_csrf=\(csrf)" + (body.isEmpty ? "" : "&" + body))
    }

    /// Signs in through the real form: GET /login for the pre-sign-in token, POST /login.
    static func signIn(_ client: some TestClientProtocol, login: String, password: String = AccessFixture.password)
        async throws -> TestSession
    {
        let (loginCookie, token) = try await client.execute(uri: "/login", method: .get) { response in
            let setCookie = response.headers[values: .setCookie].first { $0.hasPrefix("__Host-klarsyn_login=") } ?? ""
            let value = String(setCookie.split(separator: ";").first ?? "")
            return (value, String(value.dropFirst("__Host-klarsyn_login=".count)))
        }
        let sessionCookie = try await client.execute(
            uri: "/login", method: .post,
            headers: [.cookie: loginCookie, .contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: "_csrf=\(token)&login=\(login)&password=\(password)&next=%2F")
        ) { response in
            let setCookie =
                response.headers[values: .setCookie].first { $0.hasPrefix("__Host-klarsyn_session=") } ?? ""
            return String(setCookie.split(separator: ";").first ?? "")
        }
        guard sessionCookie.count > "__Host-klarsyn_session=".count else {
            throw AccessError.signInFailed(login)
        }
        // The CSRF token of the session is in every form of a page; read it off the home page.
        let csrf = try await client.execute(uri: "/", method: .get, headers: [.cookie: sessionCookie]) { response in
            let html = String(buffer: response.body)
            guard let r = html.range(of: "name=\"_csrf\" value=\"") else { return "" }
            return String(html[r.upperBound...].prefix { $0 != "\"" })
        }
        return TestSession(cookie: sessionCookie, csrf: csrf)
    }

    static func signIn(_ client: some TestClientProtocol, as role: Role) async throws -> TestSession {
        try await signIn(client, login: AccessFixture.login(role))
    }

    enum AccessError: Error { case signInFailed(String) }
}

/// A test client that is signed in: every request carries the session cookie, every POST body
/// the CSRF token (unless it already has one). Wraps the client `app.test(.router)` hands out.
struct SignedInClient: TestClientProtocol {
    let base: any TestClientProtocol
    let session: TestSession

    init(_ base: any TestClientProtocol, as role: Role = .biDeveloper) async throws {
        self.base = base
        self.session = try await TestSession.signIn(base, as: role)
    }

    init(_ base: any TestClientProtocol, login: String) async throws {
        self.base = base
        self.session = try await TestSession.signIn(base, login: login)
    }

    var port: Int? { base.port }

    func executeRequest(uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?)
        async throws -> TestResponse
    {
        var headers = headers
        headers[.cookie] = [session.cookie, headers[.cookie]].compactMap { $0 }.joined(separator: "; ")
        var body = body
        if method == .post {
            let text = body.map { String(buffer: $0) } ?? ""
            if !text.hasPrefix("_csrf=") { body = session.form(text) }
        }
        return try await base.executeRequest(uri: uri, method: method, headers: headers, body: body)
    }
}

extension String {
    /// The page with every CSRF token replaced by `CSRF`, for whole-response snapshots.
    var withoutCSRF: String {
        var out = ""
        var rest = Substring(self)
        let marker = "name=\"_csrf\" value=\""
        while let r = rest.range(of: marker) {
            out += rest[..<r.upperBound] + "CSRF"
            rest = rest[r.upperBound...].drop { $0 != "\"" }
        }
        return out + rest
    }
}
