import Foundation
import Hummingbird
import HummingbirdTesting
import KlarsynWeb
import KlarsynWorkspace
import Testing

@Suite("Scenario workbench answers")
struct ScenarioAnswerTests {
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    @Test func anAnswerIsStoredShownCountedPerVersionAndExported() async throws {
        let app = try await buildApplication(
            configuration: try Fixture.configuration(path: try Fixture.makeWarehouse()))
        try await app.test(.router) { client in
            let client = try await SignedInClient(client)
            try await client.execute(uri: "/scenarios/twenty-nine?version=1", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("<h2 id=\"answers-h\">Svar fra arbejdsbordet</h2>"))
                #expect(html.contains("Ingen svar fra arbejdsbordet endnu."))
                #expect(
                    html.contains(
                        "<form method=\"post\" action=\"/scenarios/twenty-nine/answers\" class=\"answer-form\">"))
                #expect(html.contains("<label for=\"answer-by\">Besvaret af (rolle eller navn)</label>"))
                // The first question the file answers is preselected.
                #expect(html.contains("<option value=\"long_term\" selected>Er det langtidsfravær? (ja/nej)</option>"))
                #expect(!html.contains("/scenarios/twenty-nine/export"))
            }
            try await client.execute(
                uri: "/scenarios/twenty-nine/answers", method: .post, headers: Self.form,
                body: ByteBuffer(
                    string:
                        "lang=da&version=1&key=long_term&value=Nej&comment=Vi+t%C3%A6ller+f%C3%B8rst+fra+dag+30+%3Cb%3E&answered_by=HR-partner+Syd"
                )
            ) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/scenarios/twenty-nine?version=1&lang=da#answers")
            }
            try await client.execute(uri: "/scenarios/twenty-nine?version=1", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(
                    html.contains("<strong><code>long_term</code>: nej</strong> — HR-partner Syd, <time datetime=\"20"))
                #expect(html.contains("<p>Vi tæller først fra dag 30 &lt;b&gt;</p>"))
                // Agreement per version: the file's answer agrees with version 1, the new answer does not.
                #expect(
                    html.contains(
                        "<tr><th scope=\"row\"><a href=\"/scenarios/twenty-nine?version=1&amp;lang=da\">sick-leave@1</a></th><td>✓ enig med HR</td><td>✗ strider mod HR&#39;s svar</td></tr>"
                    ))
                #expect(html.contains("<a href=\"/scenarios/twenty-nine/export\" download=\"twenty-nine.yml\">"))
            }
            try await client.execute(uri: "/scenarios", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("<th scope=\"col\">Nye svar fra arbejdsbordet</th>"))
                #expect(
                    html.contains(
                        "<td><a href=\"/scenarios/twenty-nine?lang=da#answers\">1 svar</a> — i strid med: sick-leave@1")
                )
            }
            try await client.execute(uri: "/scenarios/twenty-nine/export", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/yaml; charset=utf-8")
                #expect(response.headers[.contentDisposition] == "attachment; filename=\"twenty-nine.yml\"")
                let yaml = String(buffer: response.body)
                // Registrations and their comments stay; the answer replaces the file's expect.
                #expect(
                    yaml.contains("  - {dates: 2024-03-04..2024-04-01, code: SYG, part: FULL}   # 29 calendar days"))
                #expect(yaml.contains("  # HR-partner Syd, 20"))
                #expect(yaml.contains("  long_term: false\n"))
                #expect(yaml.contains("  spells: 1\n"))
                #expect(yaml.contains("  long_term_days: 29\n"))
                #expect(yaml.contains("answered_by: \"HR-partner Syd\"\n"))
                #expect(yaml.occurrences(of: "expect:") == 1)
                #expect(yaml.occurrences(of: "answered_at:") == 1)
                #expect(!yaml.contains("HR partner (role)"))
                #expect((try? ScenarioLoader.parse(yaml, file: "scenarios/twenty-nine.yml")) != nil)
            }
        }
    }

    @Test func badAnswersAreRefused() async throws {
        let app = try await buildApplication(
            configuration: try Fixture.configuration(path: try Fixture.makeWarehouse()))
        try await app.test(.router) { client in
            let client = try await SignedInClient(client)
            for body in [
                "key=long_term&value=7&answered_by=HR",  // not yes/no
                "key=spells&value=1.5&answered_by=HR",  // spells are whole
                "key=days_lost&value=-2&answered_by=HR",
                "key=days_lost&value=2",  // who is missing
                "key=nope&value=2&answered_by=HR",
            ] {
                try await client.execute(
                    uri: "/scenarios/twenty-nine/answers", method: .post, headers: Self.form,
                    body: ByteBuffer(string: body)
                ) { response in
                    #expect(response.status == .badRequest, "\(body)")
                }
            }
            var foreign = Self.form
            foreign[.origin] = "https://evil.example"
            try await client.execute(
                uri: "/scenarios/twenty-nine/answers", method: .post, headers: foreign,
                body: ByteBuffer(string: "key=spells&value=1&answered_by=HR")
            ) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(
                uri: "/scenarios/nope/answers", method: .post, headers: Self.form,
                body: ByteBuffer(string: "key=spells&value=1&answered_by=HR")
            ) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/scenarios/nope/export", method: .get) { response in
                #expect(response.status == .notFound)
            }
            // A decimal comma is accepted and stored with a dot.
            try await client.execute(
                uri: "/scenarios/half-day-start/answers", method: .post, headers: Self.form,
                body: ByteBuffer(string: "key=days_lost&value=2%2C5&answered_by=HR&lang=en")
            ) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/scenarios/half-day-start?lang=en#answers")
            }
            try await client.execute(uri: "/scenarios/half-day-start/export", method: .get) { response in
                #expect(String(buffer: response.body).contains("  days_lost: 2.5\n"))
            }
        }
    }
}
