import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import KlarsynWeb

/// Every route as every role and signed out: allowed or denied, from a matrix written out here
/// (not computed from `Role.permissions`), so a change to the permission table shows up as a
/// failing row.
@Suite("Access matrix: every route × every role")
struct AccessMatrixTests {
    /// A request and the logins allowed to make it. `nil` logins = everyone, signed out included.
    struct Case {
        var pattern: String
        var method: HTTPRequest.Method
        var uri: String
        var body: String = ""
        var allowed: Set<String>?
    }

    static let reportRoles: Set<String> = [
        "bi-developer", "hr-partner", "hospital-manager", "unit-manager", "department-manager",
    ]
    static let definitionRoles = reportRoles.union(["intern-supervisor", "auditor"])
    static let personRoles: Set<String> = ["bi-developer", "hr-partner"]
    static let studentRoles: Set<String> = ["intern-supervisor", "intern"]
    static let everyoneSignedIn = Set(AccessFixture.accounts.map(\.login))

    static let cases: [Case] = [
        Case(pattern: "/", method: .get, uri: "/", allowed: everyoneSignedIn),
        Case(pattern: "/reports/:id", method: .get, uri: "/reports/sick-leave", allowed: reportRoles),
        Case(
            pattern: "/reports/:id", method: .get, uri: "/reports/sick-leave?unit=R",
            allowed: ["bi-developer", "hr-partner"]),
        Case(
            pattern: "/reports/:id", method: .get, uri: "/reports/sick-leave?unit=D1",
            allowed: ["bi-developer", "hr-partner", "hospital-manager", "department-manager"]),
        Case(pattern: "/reports/:id", method: .get, uri: "/reports/sick-leave?unit=W1", allowed: reportRoles),
        Case(
            pattern: "/reports/:id", method: .get, uri: "/reports/sick-leave?unit=W2",
            allowed: ["bi-developer", "hr-partner", "hospital-manager", "department-manager"]),
        Case(
            pattern: "/reports/:id/explain", method: .get, uri: "/reports/sick-leave/explain?unit=W1&month=2025-03",
            allowed: reportRoles),
        Case(
            pattern: "/reports/:id/explain", method: .get, uri: "/reports/sick-leave/explain?unit=D1&month=2025-03",
            allowed: ["bi-developer", "hr-partner", "hospital-manager", "department-manager"]),
        Case(
            pattern: "/reports/:id/explain/people", method: .post, uri: "/reports/sick-leave/explain/people",
            body: "unit=W1&month=2025-03&purpose=Checking+the+March+figure+for+case+17", allowed: personRoles),
        Case(
            pattern: "/reports/:id/comments", method: .post, uri: "/reports/sick-leave/comments",
            body: "unit=W1&role=manager&body=Influenza", allowed: reportRoles),
        Case(
            pattern: "/reports/:id/comments", method: .post, uri: "/reports/sick-leave/comments",
            body: "unit=W2&role=manager&body=Influenza",
            allowed: ["bi-developer", "hr-partner", "hospital-manager", "department-manager"]),
        Case(pattern: "/definitions/:id", method: .get, uri: "/definitions/sick-leave", allowed: definitionRoles),
        Case(pattern: "/scenarios", method: .get, uri: "/scenarios", allowed: definitionRoles),
        Case(pattern: "/scenarios/:id", method: .get, uri: "/scenarios/twenty-nine", allowed: definitionRoles),
        Case(
            pattern: "/scenarios/:id/answers", method: .post, uri: "/scenarios/twenty-nine/answers",
            body: "key=verdict&value=yes&answered_by=HR&comment=", allowed: personRoles),
        Case(
            pattern: "/scenarios/:id/export", method: .get, uri: "/scenarios/twenty-nine/export", allowed: personRoles),
        Case(
            pattern: "/catalogue", method: .get, uri: "/catalogue",
            allowed: ["bi-developer", "hr-partner", "auditor"]),
        Case(
            pattern: "/catalogue/:model", method: .get, uri: "/catalogue/absence_day",
            allowed: ["bi-developer", "hr-partner", "auditor"]),
        Case(
            pattern: "/catalogue/:model/:column", method: .get, uri: "/catalogue/absence_day/code",
            allowed: ["bi-developer", "hr-partner", "auditor"]),
        Case(pattern: "/quarantine", method: .get, uri: "/quarantine", allowed: ["bi-developer"]),
        Case(
            pattern: "/quarantine/waive", method: .post, uri: "/quarantine/waive", body: "id=1&note=x",
            allowed: ["bi-developer"]),
        Case(pattern: "/audit", method: .get, uri: "/audit", allowed: ["auditor"]),
        Case(pattern: "/audit", method: .get, uri: "/audit?action=report-view", allowed: ["auditor"]),
        // The rules behind every hidden cell: for whoever reads definitions (report readers, supervisors, auditors).
        Case(
            pattern: "/policies/suppression", method: .get, uri: "/policies/suppression?lang=en",
            allowed: definitionRoles),
        Case(
            pattern: "/audit/person", method: .post, uri: "/audit/person", body: "subject=E0000001",
            allowed: ["auditor"]),
        Case(pattern: "/students", method: .get, uri: "/students", allowed: studentRoles),
        // A token that is nobody's is refused for every role (the positive cases are in StudentTests).
        Case(pattern: "/students/:token", method: .get, uri: "/students/not-a-token", allowed: []),
        Case(
            pattern: "/students/:token/comments", method: .post, uri: "/students/not-a-token/comments",
            body: "body=x", allowed: []),
        Case(pattern: "/students/:token/export", method: .get, uri: "/students/not-a-token/export", allowed: []),
        Case(pattern: "/reconciliation", method: .get, uri: "/reconciliation", allowed: personRoles),
        Case(pattern: "/migration", method: .get, uri: "/migration", allowed: ["bi-developer", "admin"]),
        Case(
            pattern: "/reports/:id/export", method: .get, uri: "/reports/sick-leave/export?unit=W1&format=csv",
            allowed: reportRoles),
        Case(
            pattern: "/reports/:id/export", method: .get, uri: "/reports/sick-leave/export?format=xlsx",
            allowed: reportRoles),
        Case(pattern: "/login", method: .get, uri: "/login", allowed: nil),
        Case(pattern: "/logout", method: .post, uri: "/logout", allowed: everyoneSignedIn),
        Case(pattern: "/assets/klarsyn.css", method: .get, uri: "/assets/klarsyn.css", allowed: nil),
        Case(pattern: "/health", method: .get, uri: "/health", allowed: nil),
    ]

    /// Denied = 403, 401, or a redirect to the sign-in page.
    static func denied(_ status: HTTPResponse.Status, _ location: String?) -> Bool {
        status == .forbidden || status == .unauthorized
            || (status == .seeOther && (location ?? "").hasPrefix("/login"))
    }

    @Test func everyRoutePatternIsInTheMatrix() {
        let covered = Set(Self.cases.map(\.pattern))
        let missing = Route.Pattern.allCases.map(\.rawValue).filter { !covered.contains($0) }
        #expect(missing.isEmpty, "routes without a row in the access matrix: \(missing)")
    }

    @Test(arguments: AccessFixture.accounts.map(\.login) + ["(signed out)"])
    func everyRouteAs(_ login: String) async throws {
        let path = try Fixture.makeWarehouse(catalogue: true)
        let app = try await buildApplication(configuration: try Fixture.configuration(path: path))
        try await app.test(.router) { base in
            let client: any TestClientProtocol =
                login == "(signed out)" ? base : try await SignedInClient(base, login: login)
            for c in Self.cases where c.pattern != "/logout" {
                let headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
                let (status, location, body) = try await client.execute(
                    uri: c.uri, method: c.method, headers: headers,
                    body: c.method == .post ? ByteBuffer(string: c.body) : nil
                ) { ($0.status, $0.headers[.location], String(buffer: $0.body)) }
                let shouldAllow = c.allowed.map { $0.contains(login) } ?? true
                let wasDenied = Self.denied(status, location)
                #expect(
                    wasDenied != shouldAllow,
                    "\(login) \(c.method) \(c.uri): \(status) \(location ?? "") — expected \(shouldAllow ? "allowed" : "denied")"
                )
                if wasDenied {
                    // A refusal says nothing about the data: no figures, no ids.
                    #expect(!body.contains("E0000"), "\(login) \(c.uri): a refusal page names an employee")
                    #expect(!body.contains("<table"), "\(login) \(c.uri): a refusal page has a table")
                }
            }
            // Signing out ends the session: the home page then asks to sign in.
            if login != "(signed out)" {
                let status = try await client.execute(uri: "/logout", method: .post) { $0.status }
                #expect(status == .seeOther)
                let after = try await client.execute(uri: "/", method: .get) { ($0.status, $0.headers[.location]) }
                #expect(Self.denied(after.0, after.1))
            }
        }
    }
}
