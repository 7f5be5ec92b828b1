import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import KlarsynBuild
import KlarsynStore
import Testing

@testable import KlarsynWeb

@Suite("Sign-in, sessions, CSRF, person-level pages and the audit log")
struct AccessTests {
    @Test func passwordHashesAreSaltedAndChecked() throws {
        let a = try PasswordHash.make("correct horse", rounds: 1_000)
        let b = try PasswordHash.make("correct horse", rounds: 1_000)
        #expect(a != b)
        #expect(a.hasPrefix("pbkdf2-sha256$1000$"))
        #expect(PasswordHash.verify("correct horse", against: a))
        #expect(!PasswordHash.verify("correct horsE", against: a))
        #expect(!PasswordHash.verify("correct horse", against: "pbkdf2-sha256$x$$"))
        #expect(!PasswordHash.verify(String(repeating: "x", count: 300), against: a))
    }

    @Test func signInSetsHostCookiesAndRotatesTheSession() async throws {
        let app = try await buildApplication(
            configuration: try Fixture.configuration(path: try Fixture.makeWarehouse()))
        try await app.test(.router) { client in
            try await client.execute(uri: "/login", method: .get) { response in
                let cookie = response.headers[values: .setCookie].joined(separator: "\n")
                #expect(cookie.contains("__Host-klarsyn_login="))
                #expect(cookie.contains("Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
                #expect(cookie.contains("Path=/") && !cookie.contains("Domain"))
            }
            let first = try await TestSession.signIn(client, as: .hrPartner)
            let second = try await TestSession.signIn(client, as: .hrPartner)
            #expect(first.cookie != second.cookie)
            #expect(first.csrf != second.csrf)
            // A wrong password: 401, no session cookie, and logged.
            let (status, cookies) = try await client.execute(uri: "/login", method: .get) { r in
                (r.status, r.headers[values: .setCookie].first ?? "")
            }
            #expect(status == .ok)
            let pre = String(cookies.split(separator: ";")[0])
            let token = String(pre.dropFirst("__Host-klarsyn_login=".count))
            try await client.execute(
                uri: "/login", method: .post,
                headers: [.cookie: pre, .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "_csrf=\(token)&login=hr-partner&password=wrong")
            ) { response in
                #expect(response.status == .unauthorized)
                #expect(!response.headers[values: .setCookie].contains { $0.hasPrefix("__Host-klarsyn_session=") })
                #expect(String(buffer: response.body).contains("Brugernavn eller adgangskode er forkert."))
            }
            // A sign-in form without the pre-sign-in token is refused.
            try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "login=hr-partner&password=test-password")
            ) { response in
                #expect(response.status == .forbidden)
            }
            // Only local paths are followed after sign-in.
            #expect(AccessController.safeNext("//evil.example/x") == "/")
            #expect(AccessController.safeNext("https://evil.example") == "/")
            #expect(AccessController.safeNext("/reports/sick-leave?unit=W1") == "/reports/sick-leave?unit=W1")
        }
    }

    @Test func anIdleSessionEnds() async throws {
        var configuration = try Fixture.configuration(path: try Fixture.makeWarehouse())
        configuration.sessionIdleTimeout = 0
        let app = try await buildApplication(configuration: configuration)
        try await app.test(.router) { client in
            let session = try await TestSession.signIn(client, as: .biDeveloper)
            // The session was used once to read the token; waiting past a zero idle time-out ends it.
            try await Task.sleep(for: .milliseconds(20))
            try await client.execute(uri: "/", method: .get, headers: [.cookie: session.cookie]) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location]?.hasPrefix("/login?next=") == true)
            }
        }
    }

    @Test func postsWithoutTheSessionsCSRFTokenAreRefused() async throws {
        let app = try await buildApplication(
            configuration: try Fixture.configuration(path: try Fixture.makeWarehouse()))
        try await app.test(.router) { client in
            let session = try await TestSession.signIn(client, as: .biDeveloper)
            for body in ["unit=W1&role=bi&body=x", "_csrf=forged&unit=W1&role=bi&body=x"] {
                try await client.execute(
                    uri: "/reports/sick-leave/comments", method: .post, headers: session.headers,
                    body: ByteBuffer(string: body)
                ) { response in
                    #expect(response.status == .forbidden)
                }
            }
        }
    }

    @Test func employeeLevelNeedsAPurposeIsNotCachedAndIsLogged() async throws {
        let path = try Fixture.makeWarehouse()
        let app = try await buildApplication(configuration: try Fixture.configuration(path: path))
        try await app.test(.router) { base in
            let hr = try await SignedInClient(base, as: .hrPartner)
            // The explain page offers the purpose form; the address carries no employee id.
            try await hr.execute(uri: "/reports/sick-leave/explain?unit=W1&month=2025-03", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("action=\"/reports/sick-leave/explain/people\""))
                #expect(html.contains("name=\"purpose\""))
                #expect(!html.contains("E0000"))
            }
            try await hr.execute(
                uri: "/reports/sick-leave/explain/people", method: .post,
                body: ByteBuffer(string: "unit=W1&month=2025-03&purpose=short")
            ) { response in
                #expect(response.status == .forbidden)
                #expect(!String(buffer: response.body).contains("E0000"))
            }
            try await hr.execute(
                uri: "/reports/sick-leave/explain/people", method: .post,
                body: ByteBuffer(string: "unit=W1&month=2025-03&purpose=Follow-up+of+case+HR-2025-17")
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.cacheControl]?.contains("no-store") == true)
                let html = String(buffer: response.body)
                #expect(html.contains("E0000001"))
                #expect(html.occurrences(of: "<th scope=\"row\">E") == 8)  // the 8 employees of W1
            }
            // A ward manager gets no purpose form and is refused the POST.
            let manager = try await SignedInClient(base, as: .unitManager)
            try await manager.execute(uri: "/reports/sick-leave/explain?unit=W1&month=2025-03", method: .get) { r in
                #expect(!String(buffer: r.body).contains("name=\"purpose\""))
            }
            try await manager.execute(
                uri: "/reports/sick-leave/explain/people", method: .post,
                body: ByteBuffer(string: "unit=W1&month=2025-03&purpose=Just+curious+about+my+ward")
            ) { response in
                #expect(response.status == .forbidden)
            }
        }
        let log = AuditLog(warehouse: try Warehouse.open(path: path, migrations: WebMigrations.all))
        let entries = try await log.entries()
        let views = entries.filter { $0.event.action == .personView }
        #expect(views.count == 1)
        #expect(views.first?.actor == "hr-partner")
        #expect(views.first?.event.purpose == "Follow-up of case HR-2025-17")
        #expect(views.first?.event.subjects.count == 8)
        #expect(views.first?.event.reportVersion == "sick-leave@2")
        #expect(views.first?.event.filters["unit"] == "W1")
        let denied = entries.filter { $0.event.action == .denied }
        #expect(denied.contains { $0.actor == "hr-partner" && $0.event.note == "purpose-missing" })
        #expect(denied.contains { $0.actor == "unit-manager" && $0.event.note == "permission:viewPersonLevel" })
        // One employee's look-up history.
        let history = try await log.entries(subject: "E0000001")
        #expect(history.map(\.event.action) == [.personView])
        #expect(try log.verify().problem == nil)
    }

    @Test func theAuditorReadsTheLogAndVerifyFindsTampering() async throws {
        let path = try Fixture.makeWarehouse()
        let app = try await buildApplication(configuration: try Fixture.configuration(path: path))
        try await app.test(.router) { base in
            let hr = try await SignedInClient(base, as: .hrPartner)
            _ = try await hr.execute(
                uri: "/reports/sick-leave/explain/people", method: .post,
                body: ByteBuffer(string: "unit=W2&month=2025-03&purpose=Follow-up+of+case+HR-2025-18")
            ) { $0.status }
            let auditor = try await SignedInClient(base, as: .auditor)
            try await auditor.execute(uri: "/audit", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(html.contains("Hashkæden holder"))
                #expect(html.contains("Follow-up of case HR-2025-18"))
            }
            try await auditor.execute(uri: "/audit/person", method: .post, body: ByteBuffer(string: "subject=E0000009"))
            { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Opslag i medarbejderens data: 1"))
            }
        }
        let warehouse = try Warehouse.open(path: path, migrations: WebMigrations.all)
        #expect(throws: (any Error).self) {
            try warehouse.write {
                try $0.execute(sql: "UPDATE audit_log SET purpose = 'nothing' WHERE action = 'person-view'")
            }
        }
        #expect(try AuditLog(warehouse: warehouse).verify().problem == nil)
        try warehouse.write { db in
            try db.execute(sql: "DROP TRIGGER audit_log_no_update")
            try db.execute(sql: "UPDATE audit_log SET purpose = 'nothing' WHERE action = 'person-view'")
        }
        let broken = try AuditLog(warehouse: warehouse).verify()
        #expect(broken.problem?.contains("changed after writing") == true)
    }

    @Test func exportsAreScopedSuppressedAndLogged() async throws {
        let path = try Fixture.makeWarehouse()
        let app = try await buildApplication(configuration: try Fixture.configuration(path: path))
        try await app.test(.router) { base in
            let manager = try await SignedInClient(base, as: .unitManager)
            try await manager.execute(uri: "/reports/sick-leave/export?unit=D1&format=csv", method: .get) { r in
                #expect(r.status == .forbidden)
            }
            let hr = try await SignedInClient(base, as: .hrPartner)
            for format in ["csv", "excel", "xlsx"] {
                try await hr.execute(uri: "/reports/sick-leave/export?unit=D1&format=\(format)", method: .get) { r in
                    #expect(r.status == .ok)
                    #expect(r.headers[.contentDisposition]?.hasPrefix("attachment; filename=\"sick-leave-D1") == true)
                    if format != "xlsx" {
                        let text = String(buffer: r.body)
                        #expect(text.contains("<5"))
                        #expect(!text.contains("E0000"))
                    }
                }
            }
        }
        let entries = try await AuditLog(warehouse: try Warehouse.open(path: path, migrations: WebMigrations.all))
            .entries()
        #expect(entries.filter { $0.event.action == .export }.count == 3)
        #expect(entries.contains { $0.event.action == .denied && $0.actor == "unit-manager" })
    }
}
