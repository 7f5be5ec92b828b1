import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import KlarsynStore
import Testing

@testable import KlarsynWeb

@Suite("Report page cache: per data version and scope")
struct ReportPageCacheTests {
    /// A page cached for the whole organisation (HR partner) must not be served to a manager
    /// of one department asking for the same unit: their breadcrumb and picker stop at D1.
    @Test func aPageCachedForOneScopeIsNeverServedToAnother() async throws {
        let path = try Fixture.makeWarehouse()
        try AccessFixture.install(path: path)
        let app = try await buildApplication(configuration: try Fixture.configuration(path: path))
        let regionLink = "href=\"/reports/sick-leave?unit=R&amp;lang=da\""
        let hospitalLink = "href=\"/reports/sick-leave?unit=H1&amp;lang=da\""
        try await app.test(.router) { base in
            let hr = try await SignedInClient(base, as: .hrPartner)
            let manager = try await SignedInClient(base, login: "department-manager")
            // Twice each, so the second request of each reader is served from the cache.
            for _ in 0..<2 {
                try await hr.execute(uri: "/reports/sick-leave?unit=D1", method: .get) { r in
                    #expect(r.status == .ok)
                    let html = String(buffer: r.body)
                    #expect(html.contains(regionLink))
                    #expect(html.contains(hospitalLink))
                }
                try await manager.execute(uri: "/reports/sick-leave?unit=D1", method: .get) { r in
                    #expect(r.status == .ok)
                    let html = String(buffer: r.body)
                    #expect(html.contains("Medicinsk afdeling"))
                    #expect(!html.contains(regionLink))
                    #expect(!html.contains(hospitalLink))
                }
                // The unit outside the manager's scope stays refused although HR's page for it is cached.
                try await hr.execute(uri: "/reports/sick-leave?unit=H1", method: .get) { r in #expect(r.status == .ok) }
                try await manager.execute(uri: "/reports/sick-leave?unit=H1", method: .get) { r in
                    #expect(r.status == .forbidden)
                }
            }
        }
    }

    @Test func entriesAreSeparatePerScopeAndEmptiedByANewFingerprint() async throws {
        let cache = PageCache<String>()
        let builds = Counter()
        let everything = AccessScope.everything
        let ward = AccessScope.units(root: "W1", units: ["W1"])
        func view(_ fingerprint: String, _ scope: AccessScope) async throws -> String {
            try await cache.view(fingerprint: fingerprint, scope: scope, report: "r", unit: "W1", language: .da) {
                await builds.increment()
                return ReportPageCache.scopeKey(scope)
            }
        }
        #expect(try await view("a", everything) == "everything")
        #expect(try await view("a", ward) == "units:W1:W1")
        #expect(try await view("a", everything) == "everything")
        #expect(try await view("a", ward) == "units:W1:W1")
        #expect(await builds.value == 2)
        #expect(await cache.count == 2)
        // New data: everything is rebuilt.
        #expect(try await view("b", ward) == "units:W1:W1")
        #expect(await builds.value == 3)
        #expect(await cache.count == 1)
    }

    @Test func aFailedBuildIsNotCached() async throws {
        let cache = PageCache<String>()
        let builds = Counter()
        for _ in 0..<2 {
            await #expect(throws: PageError.self) {
                try await cache.view(fingerprint: "a", scope: .everything, report: "r", unit: nil, language: .en) {
                    await builds.increment()
                    throw PageError.notBuilt
                }
            }
        }
        #expect(await builds.value == 2)
        #expect(await cache.count == 0)
    }

    @Test func theFingerprintChangesWhenAnotherConnectionCommits() async throws {
        let path = try Fixture.makeWarehouse()
        let repository = SickLeaveRepository(warehouse: try Warehouse.open(path: path))
        let before = try await repository.fingerprint(policyTag: "p@1")
        #expect(try await repository.fingerprint(policyTag: "p@1") == before)
        #expect(try await repository.fingerprint(policyTag: "p@2") != before)
        let other = try DatabaseQueue(path: path)
        try await other.write { db in
            try db.execute(
                sql: "UPDATE sick_leave_unit_month SET fte_days_lost = fte_days_lost + 1 WHERE unit_id = 'W1'")
        }
        #expect(try await repository.fingerprint(policyTag: "p@1") != before)
    }
}

private actor Counter {
    var value = 0
    func increment() { value += 1 }
}
