import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import KlarsynStore
import KlarsynWeb
import Testing

@Suite("Quarantine review page")
struct QuarantineTests {
    /// The fixture warehouse plus three findings on file 1: two `value.type` lines (one with its
    /// raw line only in `raw_line_blocks`) and one `reference.unknown` line already waived.
    static func warehouse() throws -> String {
        let path = try Fixture.makeWarehouse()
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(
                sql: "INSERT INTO raw_line_blocks (block_id, file_id, first_line, lines) VALUES (?, 1, 1, ?)",
                arguments: [
                    RawLines.blockID(fileID: 1, lineNo: 1),
                    #"["absence_id,employee_id,date","A1,E0000001,2025-13-01","A2,E0000002,<x>"]"#,
                ])
            let insert = """
                INSERT INTO quarantine (quarantine_id, file_id, source, line_no, raw_line, rule, column_name, source_header, observed,
                  expected, reason, action, replayable, status, created_at, resolved_at, note)
                VALUES (?, 1, 'psc_absences', ?, ?, ?, 'date', 'date', ?, 'yyyy-mm-dd', ?, 'quarantine', ?, ?, '2025-07-03T06:00:01Z', ?, ?)
                """
            try db.execute(
                sql: insert,
                arguments: [
                    10, 2, nil, "value.type", "2025-13-01", "Not a date: ask the sender for a corrected line.", 0,
                    "open", nil, nil,
                ])
            try db.execute(
                sql: insert,
                arguments: [
                    11, 3, nil, "value.type", "<x>", "Not a date: ask the sender for a corrected line.", 0, "open", nil,
                    nil,
                ])
            try db.execute(
                sql: insert,
                arguments: [
                    12, 3, "A2,E0000002,<x>", "reference.unknown", "E0000002", "Unknown employee.", 1, "waived",
                    "2025-07-04T08:00:00Z", "Known leaver",
                ])
            // Two findings of one rule with different reasons, one about the whole file.
            try db.execute(
                sql: insert,
                arguments: [13, 0, nil, "line.field_count", nil, "The header has 3 fields.", 0, "open", nil, nil])
            try db.execute(
                sql: insert,
                arguments: [14, 2, nil, "line.field_count", nil, "Line 2 has 4 fields.", 0, "open", nil, nil])
        }
        return path
    }

    @Test func openFindingsAreGroupedByFileAndRuleWithTheRawLine() async throws {
        let app = try await buildApplication(configuration: try Fixture.configuration(path: try Self.warehouse()))
        try await app.test(.router) { client in
            let client = try await SignedInClient(client)
            try await client.execute(uri: "/quarantine", method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("<h1>Karantæne: det indlæsningen ikke kunne bruge</h1>"))
                #expect(html.contains("<h2 id=\"file-1-h\"><code>psc_absences_20250703.csv</code></h2>"))
                #expect(html.contains("<p class=\"summary\">4 fund i 1 fil.</p>"))
                #expect(html.contains("<h3 id=\"file-1-g1\">value.type → quarantine: 2 fund, 2 åbne</h3>"))
                #expect(html.contains("<p lang=\"en\">Not a date: ask the sender for a corrected line.</p>"))
                // Different reasons within a rule: each row shows its own, and line 0 is the whole file.
                #expect(html.contains("<h3 id=\"file-1-g0\">line.field_count → quarantine: 2 fund, 2 åbne</h3>"))
                #expect(html.contains("<th scope=\"col\">Grund</th>"))
                #expect(html.contains("<td lang=\"en\">The header has 3 fields.</td>"))
                #expect(html.contains("Vælg fund 13, </span>hele filen</label>"))
                #expect(!html.contains("reference.unknown"))  // waived: not in the open list
                // The raw line comes from the blocks and is escaped.
                #expect(html.contains("<code class=\"raw-line\">A1,E0000001,2025-13-01</code>"))
                #expect(html.contains("<code class=\"raw-line\">A2,E0000002,&lt;x&gt;</code>"))
                #expect(html.contains("<input type=\"checkbox\" id=\"q-10\" name=\"id\" value=\"10\">"))
                #expect(html.contains("klarsyn quarantine replay"))
                #expect(html.contains("<form method=\"post\" action=\"/quarantine/waive\" class=\"quarantine-form\">"))
                #expect(html.contains("<label for=\"waive-note\">Begrundelse (kræves)</label>"))
                #expect(!html.contains("<script"))
            }
            try await client.execute(uri: "/quarantine?status=all&lang=en", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("<h3 id=\"file-1-g1\">reference.unknown → quarantine: 1 findings, 0 open</h3>"))
                #expect(html.contains("waived <time datetime=\"2025-07-04T08:00:00Z\">2025-07-04</time>"))
                #expect(html.contains("<small>Note: Known leaver</small>"))
                #expect(html.contains("<option value=\"all\" selected>all</option>"))
            }
            try await client.execute(uri: "/quarantine?status=bogus", method: .get) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test func waivingSetsStatusTimeAndNoteAndRefusesBadPosts() async throws {
        let path = try Self.warehouse()
        let app = try await buildApplication(configuration: try Fixture.configuration(path: path))
        let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        try await app.test(.router) { client in
            let client = try await SignedInClient(client)
            var foreign = form
            foreign[.origin] = "https://evil.example"
            try await client.execute(
                uri: "/quarantine/waive", method: .post, headers: foreign, body: ByteBuffer(string: "id=10&note=x")
            ) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(
                uri: "/quarantine/waive", method: .post, headers: form, body: ByteBuffer(string: "id=10&note=+++")
            ) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(
                uri: "/quarantine/waive", method: .post, headers: form, body: ByteBuffer(string: "note=why")
            ) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(
                uri: "/quarantine/waive", method: .post, headers: form,
                body: ByteBuffer(string: "lang=en&status=open&id=10&id=12&note=Test+line+%C3%A6%3Cb%3E")
            ) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/quarantine?status=open&lang=en")
            }
            try await client.execute(uri: "/quarantine", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("value.type → quarantine: 1 fund, 1 åbne"))
                #expect(!html.contains("id=\"q-10\""))
            }
        }
        let queue = try DatabaseQueue(path: path)
        let rows = try queue.read { db in
            try Row.fetchAll(
                db, sql: "SELECT quarantine_id, status, resolved_at, note FROM quarantine ORDER BY quarantine_id")
        }
        #expect(rows.count == 5)
        #expect(rows[0]["status"] == "waived")
        #expect((rows[0]["note"] as String?) == "Test line æ<b>")
        #expect((rows[0]["resolved_at"] as String?)?.hasPrefix("20") == true)
        #expect(rows[1]["status"] == "open")
        // A finding that was not open keeps its earlier resolution.
        #expect((rows[2]["note"] as String?) == "Known leaver")
    }

    @Test func aLongQuarantineIsCutAtTwoHundredGroupsAndSaysSo() async throws {
        let path = try Fixture.makeWarehouse()
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            for i in 0..<201 {
                try db.execute(
                    sql: """
                        INSERT INTO quarantine (file_id, source, line_no, rule, reason, action, status, created_at)
                        VALUES (1, 'psc_absences', ?, ?, 'r', 'warn', 'open', '2025-07-03T06:00:01Z')
                        """, arguments: [i + 2, String(format: "rule.%03d", i)])
            }
        }
        let app = try await buildApplication(configuration: try Fixture.configuration(path: path))
        try await app.test(.router) { client in
            let client = try await SignedInClient(client)
            try await client.execute(uri: "/quarantine", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.occurrences(of: "<h3 id=") == 200)
                #expect(html.contains("Siden viser de 200 nyeste grupper"))
                #expect(!html.contains("rule.200"))
            }
        }
    }

    @Test func quarantinePageWholeResponse() async throws {
        let app = try await buildApplication(configuration: try Fixture.configuration(path: try Self.warehouse()))
        try await app.test(.router) { client in
            let client = try await SignedInClient(client)
            try await client.execute(uri: "/quarantine?status=all", method: .get) { response in
                let html = String(buffer: response.body).withoutCSRF
                if html != Self.snapshot {
                    try? html.write(
                        toFile: NSTemporaryDirectory() + "quarantine-snapshot.html", atomically: true, encoding: .utf8)
                }
                #expect(html == Self.snapshot)
            }
        }
    }

    static let snapshot = """
        <!DOCTYPE html>
        <html lang="da"><head><meta charset="utf-8">\
        <meta name="viewport" content="width=device-width, initial-scale=1">\
        <title>Karantæne: det indlæsningen ikke kunne bruge — Klarsyn</title>\
        <link rel="stylesheet" href="/assets/klarsyn.css"></head><body>\
        <a class="skip-link" href="#main">Spring til indhold</a><header class="site-header">\
        <a class="brand" href="/?lang=da">Klarsyn</a><nav aria-label="Hovedmenu"><ul><li>\
        <a href="/?lang=da">Rapporter</a></li><li><a href="/scenarios?lang=da">Scenarier</a></li><li>\
        <a href="/catalogue?lang=da">Katalog</a></li><li><a href="/quarantine?lang=da">Karantæne</a></li>\
        <li><a href="/reconciliation?lang=da">Afstemning</a></li>\
        <li><a href="/migration?lang=da">Migrering</a></li>\
        <li><a href="/quarantine?status=all&amp;lang=en" lang="en" hreflang="en">English</a></li></ul></nav>\
        <form method="post" action="/logout" class="sign-out"><input type="hidden" name="_csrf" value="CSRF">\
        <span class="signed-in">Logget ind som BI (BI-udvikler)</span><button type="submit">Log ud</button></form>\
        </header><main id="main" tabindex="-1"><h1>Karantæne: det indlæsningen ikke kunne bruge</h1>\
        <p class="lead">Hver linje i en leveret fil bliver enten brugt, sat i karantæne med en grund eller holdt tilbage sammen med hele filen. Her er fundene samlet pr. fil og regel, med linjen som den blev modtaget.</p>\
        <p class="notice">Rettelser sker ved kilden: bed om en rettet levering, eller frafald fundet her med en begrundelse. Linjer, der venter på andre data (fx en ukendt medarbejder), genindlæses automatisk efter næste indlæsning eller med kommandoen «klarsyn quarantine replay» — det gøres ikke fra browseren.</p>\
        <p class="note">Rå linjer kan indeholde medarbejdernumre. Brug dem kun til at rette data, og kopier dem ikke ud af Klarsyn.</p>\
        <form method="get" action="/quarantine" class="unit-picker">\
        <input type="hidden" name="lang" value="da"><label for="quarantine-status">Status</label>\
        <select id="quarantine-status" name="status"><option value="open">åben</option>\
        <option value="waived">frafaldet</option><option value="fixed">rettet</option>\
        <option value="replayed">genindlæst</option><option value="all" selected>alle</option></select>\
        <button type="submit">Vis</button></form><p class="summary">5 fund i 1 fil.</p>\
        <form method="post" action="/quarantine/waive" class="quarantine-form">\
        <input type="hidden" name="_csrf" value="CSRF">\
        <input type="hidden" name="lang" value="da"><input type="hidden" name="status" value="all">\
        <section class="tile" id="file-1" aria-labelledby="file-1-h"><h2 id="file-1-h">\
        <code>psc_absences_20250703.csv</code></h2><dl class="facts"><dt>Kilde</dt><dd>\
        <code>psc_absences</code></dd><dt>Leveret</dt><dd><time datetime="2025-07-03">2025-07-03</time></dd>\
        <dt>Filens status</dt><dd>indlæst</dd></dl>\
        <h3 id="file-1-g0">line.field_count → quarantine: 2 fund, 2 åbne</h3>\
        <table class="quarantine" aria-labelledby="file-1-g0"><thead><tr><th scope="col">Linje</th>\
        <th scope="col">Kolonne (overskrift)</th><th scope="col">Fundet</th><th scope="col">Forventet</th>\
        <th scope="col">Grund</th><th scope="col">Rå linje</th><th scope="col">Status</th></tr></thead>\
        <tbody><tr><th scope="row"><input type="checkbox" id="q-13" name="id" value="13"> <label for="q-13">\
        <span class="visually-hidden">Vælg fund 13, </span>hele filen</label></th><td>\
        <code>date</code> ← <code>date</code></td><td></td><td lang="en">yyyy-mm-dd</td>\
        <td lang="en">The header has 3 fields.</td><td></td><td>åben</td></tr><tr><th scope="row">\
        <input type="checkbox" id="q-14" name="id" value="14"> <label for="q-14">\
        <span class="visually-hidden">Vælg fund 14, </span>2</label></th><td>\
        <code>date</code> ← <code>date</code></td><td></td><td lang="en">yyyy-mm-dd</td>\
        <td lang="en">Line 2 has 4 fields.</td><td><code class="raw-line">A1,E0000001,2025-13-01</code></td>\
        <td>åben</td></tr></tbody></table>\
        <h3 id="file-1-g1">reference.unknown → quarantine: 1 fund, 0 åbne</h3>\
        <p lang="en">Unknown employee.</p><table class="quarantine" aria-labelledby="file-1-g1"><thead><tr>\
        <th scope="col">Linje</th><th scope="col">Kolonne (overskrift)</th><th scope="col">Fundet</th>\
        <th scope="col">Forventet</th><th scope="col">Rå linje</th><th scope="col">Status</th></tr></thead>\
        <tbody><tr><th scope="row">3</th><td><code>date</code> ← <code>date</code></td><td>E0000002</td>\
        <td lang="en">yyyy-mm-dd</td><td><code class="raw-line">A2,E0000002,&lt;x&gt;</code></td>\
        <td>frafaldet <time datetime="2025-07-04T08:00:00Z">2025-07-04</time><br>\
        <small>Note: Known leaver</small></td></tr></tbody></table>\
        <h3 id="file-1-g2">value.type → quarantine: 2 fund, 2 åbne</h3>\
        <p lang="en">Not a date: ask the sender for a corrected line.</p>\
        <table class="quarantine" aria-labelledby="file-1-g2"><thead><tr><th scope="col">Linje</th>\
        <th scope="col">Kolonne (overskrift)</th><th scope="col">Fundet</th><th scope="col">Forventet</th>\
        <th scope="col">Rå linje</th><th scope="col">Status</th></tr></thead><tbody><tr><th scope="row">\
        <input type="checkbox" id="q-10" name="id" value="10"> <label for="q-10">\
        <span class="visually-hidden">Vælg fund 10, </span>2</label></th><td>\
        <code>date</code> ← <code>date</code></td><td>2025-13-01</td><td lang="en">yyyy-mm-dd</td><td>\
        <code class="raw-line">A1,E0000001,2025-13-01</code></td><td>åben</td></tr><tr><th scope="row">\
        <input type="checkbox" id="q-11" name="id" value="11"> <label for="q-11">\
        <span class="visually-hidden">Vælg fund 11, </span>3</label></th><td>\
        <code>date</code> ← <code>date</code></td><td>&lt;x&gt;</td><td lang="en">yyyy-mm-dd</td><td>\
        <code class="raw-line">A2,E0000002,&lt;x&gt;</code></td><td>åben</td></tr></tbody></table></section>\
        <fieldset id="waive"><legend>Frafald de valgte fund</legend>\
        <p id="waive-help" class="note">Et frafaldet fund bliver stående som historik med din begrundelse og tidspunktet. Linjen kommer ikke med i tallene.</p>\
        <label for="waive-note">Begrundelse (kræves)</label>\
        <textarea id="waive-note" name="note" rows="3" maxlength="500" required aria-describedby="waive-help">\
        </textarea><button type="submit">Frafald valgte</button></fieldset></form></main>\
        <footer class="site-footer">\
        <p>Klarsyn — åbent datavarehus for det offentlige sundhedsvæsen. Alle tal kan forklares.</p>\
        </footer></body></html>
        """
}
