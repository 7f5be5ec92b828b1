import Foundation
import Hummingbird
import HummingbirdTesting
import KlarsynStore
import KlarsynWeb
import Testing

/// The student pages: a supervisor sees their own students in their own ward, a student only
/// themself; tokens, not ids, in addresses; the comment thread; the dialogue sheet.
@Suite("Student pages")
struct StudentPageTests {
    /// Runs `body` against one application (placement tokens live as long as the application).
    func withApp(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let path = try Fixture.makeWarehouse()
        let warehouse = try Warehouse.open(path: path)
        let accounts = AccountRepository(warehouse: warehouse)
        // Students of ward W2: one named with the W1 supervisor, one with a W2 supervisor.
        try accounts.upsert(
            AccountRecord(login: "intern-w2", displayName: "Studerende W2", role: .intern, subjectID: "I0100028"),
            password: AccessFixture.password, rounds: 1_000)
        try accounts.upsert(
            AccountRecord(login: "intern-w2b", displayName: "Studerende W2b", role: .intern, subjectID: "I0100021"),
            password: AccessFixture.password, rounds: 1_000)
        let app = try await buildApplication(configuration: try Fixture.configuration(path: path))
        try await app.test(.router) { client in try await body(client) }
    }

    func get(_ client: some TestClientProtocol, _ uri: String) async throws -> (HTTPResponse.Status, String) {
        try await client.execute(uri: uri, method: .get) { ($0.status, String(buffer: $0.body)) }
    }

    /// The placement token of `intern` on a supervisor's overview (the link after the student's heading).
    func token(of intern: String, in html: String) -> String? {
        guard let heading = html.range(of: "Studerende \(intern)<") else { return nil }
        return tokens(in: String(html[heading.upperBound...])).first
    }

    func tokens(in html: String) -> [String] {
        var out: [String] = []
        var rest = Substring(html)
        while let r = rest.range(of: "/students/") {
            let t = rest[r.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
            if t.count == 22 { out.append(String(t)) }
            rest = rest[r.upperBound...]
        }
        return out
    }

    @Test func supervisorSeesOwnStudentsInOwnWardOnly() async throws {
        try await withApp { client in
            let supervisor = try await SignedInClient(client, as: .internSupervisor)
            let (status, html) = try await get(supervisor, "/students")
            #expect(status == .ok)
            #expect(html.contains("Studerende I0100007") && html.contains("Studerende I0100014"))
            // Another supervisor's student, and a student naming this supervisor in another ward.
            #expect(!html.contains("I0100021"))
            #expect(!html.contains("I0100028"))
            // The limits panel: not an assessment, the care work invisible, how current the data is.
            #expect(html.contains("Tallene er ikke en bedømmelse af den studerende"))
            #expect(html.contains("ikke plejearbejdet med patienterne"))
            #expect(html.contains("Data rækker til og med 27. februar 2025"))
            // Small multiples, the coverage matrix and the cohort comparison (cohort of 3: not shown).
            #expect(html.occurrences(of: "class=\"student-card\"") == 2)
            #expect(html.contains("Mødte problemområder"))
            #expect(html.contains("ikke vist (under 5)"))
            let english = try await get(supervisor, "/students?lang=en").1
            #expect(english.contains("<h1>My students on placement</h1>"))
            #expect(english.contains("The figures are not an assessment of the student."))
            // No student id in any address.
            for href in html.components(separatedBy: "href=\"").dropFirst() {
                #expect(!href.prefix { $0 != "\"" }.contains("I01000"))
            }
        }
    }

    @Test func supervisorCannotOpenAStudentOutsideTheirWard() async throws {
        try await withApp { client in
            let named = try await SignedInClient(client, login: "intern-w2")
            let (s1, own) = try await get(named, "/students")
            #expect(s1 == .ok)
            let t = try #require(tokens(in: own).first)
            let other = try await SignedInClient(client, login: "intern-w2b")
            let t2 = try #require(tokens(in: try await get(other, "/students").1).first)
            let supervisor = try await SignedInClient(client, as: .internSupervisor)
            for token in [t, t2] {
                #expect(try await get(supervisor, "/students/\(token)").0 == .forbidden)
                #expect(try await get(supervisor, "/students/\(token)/export").0 == .forbidden)
            }
        }
    }

    @Test func aStudentSeesOnlyThemself() async throws {
        try await withApp { client in
            let supervisor = try await SignedInClient(client, as: .internSupervisor)
            let overview = try await get(supervisor, "/students").1
            let mine = try #require(token(of: "I0100007", in: overview))
            let classmate = try #require(token(of: "I0100014", in: overview))
            #expect(mine != classmate)

            let student = try await SignedInClient(client, as: .intern)
            let (status, html) = try await get(student, "/students")
            #expect(status == .ok)
            #expect(html.contains("Min praktik i EPJ"))
            #expect(!html.contains("I0100014"))
            #expect(tokens(in: html).allSatisfy { $0 == mine })
            #expect(try await get(student, "/students/\(mine)").0 == .ok)
            #expect(try await get(student, "/students/\(classmate)").0 == .forbidden)
            #expect(try await get(student, "/students/\(classmate)/export").0 == .forbidden)
            let post = try await student.execute(
                uri: "/students/\(classmate)/comments", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: "body=hej")
            ) { $0.status }
            #expect(post == .forbidden)
            // A made-up token is refused the same way.
            #expect(try await get(student, "/students/AAAAAAAAAAAAAAAAAAAAAA").0 == .forbidden)
        }
    }

    @Test func otherRolesSeeNoStudentPages() async throws {
        try await withApp { client in
            for role in [Role.unitManager, .hrPartner, .biDeveloper, .auditor] {
                let c = try await SignedInClient(client, as: role)
                #expect(try await get(c, "/students").0 == .forbidden, "\(role)")
            }
            let manager = try await SignedInClient(client, as: .unitManager)
            let home = try await get(manager, "/").1
            #expect(!home.contains("/students"))
            let redirect = try await manager.execute(uri: "/reports/student-activity", method: .get) {
                ($0.status, $0.headers[.location])
            }
            #expect(redirect.0 == .seeOther && redirect.1 == "/students?lang=da")
        }
    }

    @Test func supervisorAndStudentShareOneCommentThread() async throws {
        try await withApp { client in
            let supervisor = try await SignedInClient(client, as: .internSupervisor)
            let mine = try #require(token(of: "I0100007", in: try await get(supervisor, "/students").1))
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            let posted = try await supervisor.execute(
                uri: "/students/\(mine)/comments", method: .post, headers: form,
                body: ByteBuffer(string: "body=Hvad+med+s%C3%B8vn+og+hvile%3F&lang=da")
            ) { ($0.status, $0.headers[.location]) }
            #expect(posted.0 == .seeOther)
            #expect(posted.1 == "/students/\(mine)?lang=da#comments")
            let student = try await SignedInClient(client, as: .intern)
            let seen = try await get(student, "/students").1
            #expect(seen.contains("<strong>Klinisk vejleder</strong>"))
            #expect(seen.contains("Hvad med søvn og hvile?"))
            _ = try await student.execute(
                uri: "/students/\(mine)/comments", method: .post, headers: form,
                body: ByteBuffer(string: "body=Det+tager+vi+p%C3%A5+torsdag&lang=da")
            ) { $0.status }
            let thread = try await get(supervisor, "/students/\(mine)").1
            #expect(thread.contains("Det tager vi på torsdag"))
            #expect(thread.contains("<strong>Studerende</strong>"))
            // An empty comment is refused with a message, and nothing is stored.
            let empty = try await supervisor.execute(
                uri: "/students/\(mine)/comments", method: .post, headers: form,
                body: ByteBuffer(string: "body=+&lang=da")
            ) { ($0.status, String(buffer: $0.body)) }
            #expect(empty.0 == .badRequest)
            #expect(empty.1.contains("Skriv en kommentar, før du sender."))
            #expect(try await get(supervisor, "/students/\(mine)").1.occurrences(of: "<li class=\"comment-") == 2)
        }
    }

    @Test func theDialogueSheetIsSelfContained() async throws {
        try await withApp { client in
            let supervisor = try await SignedInClient(client, as: .internSupervisor)
            let mine = try #require(token(of: "I0100007", in: try await get(supervisor, "/students").1))
            let (status, headers, html) = try await supervisor.execute(uri: "/students/\(mine)/export", method: .get) {
                ($0.status, $0.headers, String(buffer: $0.body))
            }
            #expect(status == .ok)
            #expect(headers[.contentDisposition]?.hasPrefix("attachment;") == true)
            #expect(html.hasPrefix("<!DOCTYPE html>"))
            #expect(html.contains("<style>") && html.contains("@media print"))
            #expect(!html.contains("<link") && !html.contains("<script") && !html.contains("src=\""))
            #expect(!html.contains("href=\"/"))
            #expect(html.contains("Tallene er ikke en bedømmelse af den studerende"))
            #expect(html.contains("I0100007"))
            #expect(html.contains("Mødte problemområder"))
        }
    }
}
