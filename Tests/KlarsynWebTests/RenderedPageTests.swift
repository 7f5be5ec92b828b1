import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import KlarsynStore
import Testing

@testable import KlarsynWeb

/// Rendered report pages are cached with the user's name and CSRF token spliced in per request,
/// comments invalidate them, and aggregate views are queued for the audit log (decisions 0144, 0145).
@Suite("Rendered page cache and queued audit entries")
struct RenderedPageTests {
    /// A page rendered once with markers and filled in per reader is byte for byte the page
    /// rendered for that reader, also for names that need escaping.
    @Test(arguments: ["HR", "Ærø <Hansen> & \"Søn\" 'ApS'", "", "klarsynslot"])
    func splicedPagesEqualPagesRenderedForTheReader(name: String) {
        let user = User(login: "x", displayName: name, role: .hrPartner, scope: .everything)
        let token = "tok<&>\"'en"
        func page() -> String {
            Layout.page(title: "T & <t>", language: .da, switchTo: "/?lang=en") { w in
                w.element(.p, text: "Hej " + (PageChrome.current.user?.displayName ?? "") + "!")
                w.csrfField()
            }
        }
        let direct = PageChrome.$current.withValue(PageChrome(user: user, csrfToken: token)) { page() }
        let rendered = RenderedPage.render(for: user) { page() }
        #expect(rendered.slots.filter { $0 == .csrfToken }.count == 2)  // sign-out form and the page's form
        #expect(rendered.slots.filter { $0 == .userName }.count == 2)
        #expect(String(buffer: rendered.body(userName: name, csrfToken: token)) == direct)
    }

    @Test func aPageWithoutMarkersIsOneSegment() {
        let page = RenderedPage.split("<p>klarsynslot but no marker</p>")
        #expect(page.slots.isEmpty)
        #expect(String(buffer: page.body(userName: "a", csrfToken: "b")) == "<p>klarsynslot but no marker</p>")
    }

    /// Two readers with the same role and scope share the cached page but each sees their own name
    /// and token; a comment posted afterwards shows at once.
    @Test func cachedPagesCarryEachReadersChromeAndNewComments() async throws {
        let path = try Fixture.makeWarehouse()
        try AccessFixture.install(path: path)
        let app = try await buildApplication(configuration: try Fixture.configuration(path: path))
        try await app.test(.router) { base in
            let hr = try await SignedInClient(base, as: .hrPartner)
            let first = try await hr.execute(uri: "/reports/sick-leave?unit=D1", method: .get) {
                String(buffer: $0.body)
            }
            let second = try await hr.execute(uri: "/reports/sick-leave?unit=D1", method: .get) {
                String(buffer: $0.body)
            }
            #expect(first == second)
            #expect(first.contains("value=\"\(hr.session.csrf)\""))
            #expect(!first.contains("klarsynslot"))
            let bi = try await SignedInClient(base, as: .biDeveloper)
            let other = try await bi.execute(uri: "/reports/sick-leave?unit=D1", method: .get) {
                String(buffer: $0.body)
            }
            #expect(other.contains("value=\"\(bi.session.csrf)\""))
            #expect(!other.contains(hr.session.csrf))
            try await hr.execute(
                uri: "/reports/sick-leave/comments", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "unit=D1&lang=da&role=hr&kind=question&body=Hvorfor+stiger+marts%3F")
            ) { #expect($0.status == .seeOther) }
            try await hr.execute(uri: "/reports/sick-leave?unit=D1", method: .get) { r in
                #expect(String(buffer: r.body).contains("Hvorfor stiger marts?"))
            }
            // Another unit's page does not get the comment.
            try await hr.execute(uri: "/reports/sick-leave?unit=W1", method: .get) { r in
                #expect(!String(buffer: r.body).contains("Hvorfor stiger marts?"))
            }
        }
    }

    /// Aggregate views wait in the queue; an entry that must be written first (here a refusal)
    /// writes the queue before itself, so the chain keeps the order in which things happened.
    @Test func queuedViewsAreWrittenBeforeTheNextImmediateEntryAndOnRead() async throws {
        let path = try Fixture.makeWarehouse()
        let warehouse = try Warehouse.open(path: path, migrations: WebMigrations.all)
        let batch = AuditBatch(warehouse: warehouse, interval: .seconds(3_600))
        let log = AuditLog(warehouse: warehouse, batch: batch)
        let user = User(login: "hr", displayName: "HR", role: .hrPartner, scope: .everything)
        func stored() throws -> [String] {
            try warehouse.read { try String.fetchAll($0, sql: "SELECT action FROM audit_log ORDER BY seq") }
        }
        try await log.append(AuditEvent(action: .reportView, report: "sick-leave"), user: user, requestID: "r1")
        try await log.append(AuditEvent(action: .explainView, report: "sick-leave"), user: user, requestID: "r2")
        #expect(await batch.pendingCount == 2)
        #expect(try stored().isEmpty)
        try await log.append(AuditEvent(action: .denied, note: "scope:unit"), user: user, requestID: "r3")
        #expect(await batch.pendingCount == 0)
        #expect(try stored() == ["report-view", "explain-view", "denied"])
        try await log.append(AuditEvent(action: .reportView, report: "sick-leave"), user: user, requestID: "r4")
        // Reading the log writes the queue first.
        #expect(try await log.entries().map(\.requestID) == ["r4", "r3", "r2", "r1"])
        let head = try await log.entries()[0].hash
        #expect(try log.verify() == AuditLog.Verification(entries: 4, head: head, problem: nil))
    }

    @Test func aFullQueueIsWrittenWithoutWaiting() async throws {
        let warehouse = try Warehouse.open(path: try Fixture.makeWarehouse(), migrations: WebMigrations.all)
        let batch = AuditBatch(warehouse: warehouse, interval: .seconds(3_600), maxEntries: 3)
        let log = AuditLog(warehouse: warehouse, batch: batch)
        for i in 1...4 {
            try await log.append(AuditEvent(action: .reportView, report: "sick-leave"), user: nil, requestID: "r\(i)")
        }
        #expect(await batch.pendingCount == 1)
        #expect(try warehouse.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM audit_log") } == 3)
    }

    /// The server writes the queue when it shuts down.
    @Test func theQueueIsWrittenOnShutdown() async throws {
        let path = try Fixture.makeWarehouse()
        try AccessFixture.install(path: path)
        let app = try await buildApplication(configuration: try Fixture.configuration(path: path))
        try await app.test(.router) { base in
            let hr = try await SignedInClient(base, as: .hrPartner)
            for _ in 0..<3 {
                try await hr.execute(uri: "/reports/sick-leave?unit=W1", method: .get) { #expect($0.status == .ok) }
            }
        }
        let warehouse = try Warehouse.open(path: path, migrations: WebMigrations.all)
        let views = try warehouse.read {
            try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM audit_log WHERE action = 'report-view'")
        }
        #expect(views == 3)
        #expect(try AuditLog(warehouse: warehouse).verify().problem == nil)
    }

    @Test(arguments: [0.0, 1_763_926_418.9, 951_782_400, 4_102_444_799, 1_000_000_000, -1])
    func timestampsAreWrittenAsISO8601DateFormatterWritesThem(seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(AuditLog.timestamp(date) == ISO8601DateFormatter().string(from: date))
    }
}
