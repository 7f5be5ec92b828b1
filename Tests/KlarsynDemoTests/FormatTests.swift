import Foundation
import KlarsynCore
import Testing

@testable import KlarsynDemo

let headers: [String: String] = [
    "pdc_org_units": "EnhedID;Overordnet;Navn;Type;Gyldig_fra;Gyldig_til",
    "pdc_employments":
        "MedarbejderID;Fødselsår;Køn;Stillingskode;Stillingsbetegnelse;Ansættelsesform;Ugentlige_timer;EnhedID;Gyldig_fra;Gyldig_til;Fratrædelsesårsag",
    "pdc_payroll": "MedarbejderID;Måned;Lønart;Beløb",
    "pdc_sickleave": "MedarbejderID;Måned;Korttidsfravær_dage;Langtidsfravær_dage",
    "psc_shifts": "shift_id,employee_id,unit_id,start,end,shift_type,status,overtime_minutes,last_changed",
    "psc_absences": "absence_id,employee_id,date,code,part,registered_at,deleted",
    "interns": "intern_id,ehr_user_id,semester,unit_id,placement_start,placement_end,supervisor_employee_id",
    "survey": "round,unit_id,question_id,question,respondents,mean_score",
    "agency_invoices": "FakturaID;EnhedID;Måned;Bureau;Personalegruppe;Timer;Beløb",
]

@Suite struct FormatTests {
    let g = Generated.clean

    @Test func everySourceIsDeliveredInDatedFiles() {
        for prefix in headers.keys.sorted() + ["ehr_activity"] {
            #expect(g.names(prefix).count >= 2, "source \(prefix)")
        }
        #expect(g.names("pdc_payroll").count == 24)
        #expect(g.names("psc_absences").count >= 104)
        #expect(g.files["faults.json"] == nil)
        // Nothing but the sources' files without --faults.
        let known = Set(headers.keys.flatMap { g.names($0) } + g.names("ehr_activity"))
        #expect(Set(g.files.keys) == known)
    }

    @Test func headersAreExact() {
        for (prefix, header) in headers {
            for name in g.names(prefix) {
                #expect(g.lines(name).first == header, "\(name)")
            }
        }
    }

    @Test func vendorFilesAreWindows1252WithCRLF() {
        var sawDanishLetters = Set<UInt8>()
        for prefix in ["pdc_org_units", "pdc_employments", "pdc_payroll", "pdc_sickleave", "agency_invoices"] {
            for name in g.names(prefix) {
                let bytes = g.files[name]!
                for b in [UInt8(0xE6), 0xF8, 0xE5, 0xC6, 0xD8, 0xC5] where bytes.contains(b) {
                    sawDanishLetters.insert(b)
                }
                // Every non-ASCII byte is a Danish letter as one byte; so the file is not UTF-8.
                #expect(bytes.allSatisfy { $0 < 0x80 || [0xE6, 0xF8, 0xE5, 0xC6, 0xD8, 0xC5].contains($0) }, "\(name)")
                if bytes.contains(where: { $0 >= 0x80 }) {
                    #expect(String(validating: bytes, as: UTF8.self) == nil, "\(name) must not be valid UTF-8")
                }
                // Every line ends with CRLF.
                #expect(bytes.suffix(2) == [13, 10])
                for (i, b) in bytes.enumerated() where b == 10 { #expect(i > 0 && bytes[i - 1] == 13) }
            }
        }
        #expect(sawDanishLetters.isSuperset(of: [0xE6, 0xF8, 0xE5]))
    }

    @Test func otherFilesAreUTF8WithLF() {
        for prefix in ["psc_shifts", "psc_absences", "ehr_activity", "interns", "survey"] {
            for name in g.names(prefix) {
                let bytes = g.files[name]!
                #expect(String(validating: bytes, as: UTF8.self) != nil, "\(name)")
                #expect(!bytes.contains(13), "\(name) has CR")
                #expect(bytes.prefix(3) != [0xEF, 0xBB, 0xBF])
                #expect(bytes.last == 10)
            }
        }
        // Danish letters appear as UTF-8 in the survey questions.
        let survey = g.files[g.names("survey")[0]]!
        #expect(String(decoding: survey, as: UTF8.self).contains("nærmeste"))
    }

    @Test func everyRowHasTheHeadersFieldCountAndValidValues() {
        for (prefix, header) in headers {
            let count = header.split(separator: header.contains(";") ? ";" : ",").count
            for row in g.rows(prefix) { #expect(row.fields.count == count, "\(row.file): \(row.fields)") }
        }
        for row in g.rows("pdc_org_units") {
            #expect(Parse.danish(row.fields[4]) != nil)
            #expect(row.fields[5].isEmpty || Parse.danish(row.fields[5]) != nil)
            #expect(["Region", "Hospital", "Center", "Afdeling", "Afsnit"].contains(row.fields[3]))
        }
        for row in g.rows("pdc_employments") {
            let f = row.fields
            #expect(f[0].range(of: #"^E[0-9]{7}$"#, options: .regularExpression) != nil)
            #expect(["K", "M"].contains(f[2]))
            #expect(["Fastansat", "Tidsbegrænset", "Vikar", "Timelønnet"].contains(f[5]))
            #expect(Parse.commaDecimal(f[6]) != nil)
            #expect(Parse.danish(f[8]) != nil)
            #expect(f[9].isEmpty || Parse.danish(f[9]) != nil)
            #expect(["", "Egen opsigelse", "Pension", "Afsked", "Udløb"].contains(f[10]))
            #expect(f[10].isEmpty || !f[9].isEmpty)
        }
        for row in g.rows("pdc_payroll") {
            #expect(YearMonth(text: row.fields[1]) != nil)
            #expect(["Grundløn", "Overarbejde", "Tillæg", "Vikarløn"].contains(row.fields[2]))
            #expect(Parse.commaDecimal(row.fields[3]) != nil, "\(row.fields)")
        }
        for row in g.rows("pdc_sickleave") {
            #expect(YearMonth(text: row.fields[1]) != nil)
            #expect(Parse.commaDecimal(row.fields[2]) != nil && Parse.commaDecimal(row.fields[3]) != nil)
        }
        for row in g.rows("agency_invoices") {
            #expect(YearMonth(text: row.fields[2]) != nil)
            #expect(Parse.commaDecimal(row.fields[5]) != nil && Parse.commaDecimal(row.fields[6]) != nil)
        }
        for row in g.rows("psc_shifts") {
            let f = row.fields
            let start = Parse.dateTime(f[3]), end = Parse.dateTime(f[4])
            #expect(start != nil && end != nil && Parse.dateTime(f[8]) != nil, "\(f)")
            if let s = start, let e = end { #expect((s.day, s.second) < (e.day, e.second)) }
            #expect(["day", "evening", "night"].contains(f[5]))
            #expect(["planned", "worked", "cancelled"].contains(f[6]))
            #expect(Int(f[7]) != nil)
        }
        for row in g.rows("psc_absences") {
            let f = row.fields
            #expect(CalendarDay(iso: f[2]) != nil)
            #expect(["SYG", "BARN_SYG", "ARB_SKADE", "FERIE", "KURSUS", "ORLOV"].contains(f[3]))
            #expect(["FULL", "HALF"].contains(f[4]))
            #expect(Parse.dateTime(f[5]) != nil)
            #expect(["0", "1"].contains(f[6]))
        }
        for row in g.rows("interns") {
            #expect(CalendarDay(iso: row.fields[4]) != nil && CalendarDay(iso: row.fields[5]) != nil)
            #expect((1...7).contains(Int(row.fields[2]) ?? 0))
        }
        for row in g.rows("survey") {
            let respondents = Int(row.fields[4])!
            if respondents < 5 {
                #expect(row.fields[5].isEmpty)
            } else {
                #expect(
                    row.fields[5].range(of: #"^[1-5]\.[0-9]{2}$"#, options: .regularExpression) != nil, "\(row.fields)")
            }
        }
    }

    @Test func ehrLinesAreJSONWithCorrectOffsets() throws {
        let areas = Set(Catalogue.sfiAreas)
        var roles = Set<String>()
        var summer = 0, winter = 0
        for name in g.names("ehr_activity") {
            for line in g.lines(name) {
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: String]
                roles.insert(object["user_role"]!)
                let time = object["time"]!
                let local = Parse.dateTime(String(time.prefix(19)))!
                let offset = String(time.suffix(6))
                let instant = CopenhagenTime.instant(
                    localDay: local.day, hour: local.second / 3600, minute: (local.second / 60) % 60,
                    second: local.second % 60)
                #expect(offset == (CopenhagenTime.offset(atUTC: instant) == 7200 ? "+02:00" : "+01:00"), "\(time)")
                if offset == "+02:00" { summer += 1 } else { winter += 1 }
                if object["event"] == "SFI_NOTE" {
                    #expect(areas.contains(object["sfi"] ?? ""))
                } else {
                    #expect(object["event"] == "DICTATION" && object["sfi"] == nil)
                }
                #expect(object["patient_ref"]!.hasPrefix("P") && object["patient_ref"]!.count == 17)
                #expect(
                    Set(object.keys).isSuperset(of: [
                        "event_id", "time", "user_id", "user_role", "unit_id", "event", "patient_ref",
                    ]))
            }
        }
        #expect(roles == ["SYGEPLEJERSKE", "LÆGE", "SOSU_ASSISTENT", "SYGEPLEJESTUDERENDE"])
        #expect(summer > 0 && winter > 0)
    }

    @Test func studentsInTheEHRAreTheInterns() throws {
        let interns = g.rows("interns")
        let studentIds = Set(interns.map { $0.fields[1] })
        let employees = Set(g.rows("pdc_employments").map { $0.fields[0] })
        for row in interns { #expect(employees.contains(row.fields[6]), "supervisor \(row.fields[6]) is an employee") }
        var studentEvents = 0
        for name in g.names("ehr_activity") {
            for line in g.lines(name) where line.contains("SYGEPLEJESTUDERENDE") {
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: String]
                #expect(studentIds.contains(object["user_id"]!))
                studentEvents += 1
            }
        }
        #expect(studentEvents > 100)
    }
}
