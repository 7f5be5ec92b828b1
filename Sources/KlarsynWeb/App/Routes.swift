import Foundation

/// Every page of the workbench, defined once. The router registers ``pattern``; pages build
/// links with ``href(_:)``, so a link cannot point to a route that does not exist.
///
/// Only unit ids and months appear in addresses — never an employee id.
enum Route: Equatable, Sendable {
    case home
    case report(id: String, unit: String? = nil)
    case definition(id: String)
    /// How one unit-month figure is made.
    case explain(report: String, unit: String, month: String)
    /// Where the comment form posts (POST only).
    case comments(report: String)
    case scenarios
    case scenario(id: String, version: Int? = nil)
    /// Where the answer form of a scenario posts (POST only).
    case scenarioAnswers(id: String)
    /// The scenario file with the workbench answers, as a download.
    case scenarioExport(id: String)
    case catalogue
    case model(name: String)
    /// One column: its lineage upstream to source headers and downstream to report tiles.
    case column(model: String, column: String)
    /// The ingest quarantine, grouped by file and rule; `status` = `open` (default), `all`, …
    case quarantine(status: String? = nil)
    /// Where the waive form posts (POST only).
    case quarantineWaive
    case stylesheet
    case health
    /// The sign-in page; `next` is the local path to return to.
    case login(next: String? = nil)
    /// Where the sign-out form posts (POST only).
    case logout
    /// The audit log (auditor).
    case audit
    /// One employee's look-up history (POST: the employee id goes in the body, not the address).
    case auditPerson
    /// The employee-months behind a unit-month figure (POST: purpose in the body; person-level).
    case explainPeople(report: String)
    /// What a report page shows, as a download: `format` = `csv`, `excel` (Danish Excel CSV) or `xlsx`.
    case reportExport(id: String, unit: String? = nil, format: String)
    /// The student pages (issue 9): a supervisor's students, or a student's own placement.
    case students
    /// One placement, by an opaque token (never the intern id).
    case student(token: String)
    /// Where the comment form of a placement posts (POST only).
    case studentComments(token: String)
    /// The dialogue sheet of a placement, as a self-contained HTML download.
    case studentExport(token: String)
    /// The latest reconciliation with the payroll vendor's sick leave (issue 8).
    case reconciliation
    /// The migration board: every report's model version, status and tile diff (issue 10).
    case migration
    /// The small-cell suppression policy: its rules (anchors `#SC1`…), version, owner and changelog.
    case suppressionPolicy(rule: String? = nil)

    /// The router pattern of each kind of route.
    enum Pattern: String, CaseIterable {
        case home = "/"
        case report = "/reports/:id"
        case definition = "/definitions/:id"
        case explain = "/reports/:id/explain"
        case comments = "/reports/:id/comments"
        case scenarios = "/scenarios"
        case scenario = "/scenarios/:id"
        case scenarioAnswers = "/scenarios/:id/answers"
        case scenarioExport = "/scenarios/:id/export"
        case catalogue = "/catalogue"
        case model = "/catalogue/:model"
        case column = "/catalogue/:model/:column"
        case quarantine = "/quarantine"
        case quarantineWaive = "/quarantine/waive"
        case stylesheet = "/assets/klarsyn.css"
        case health = "/health"
        case login = "/login"
        case logout = "/logout"
        case audit = "/audit"
        case auditPerson = "/audit/person"
        case explainPeople = "/reports/:id/explain/people"
        case reportExport = "/reports/:id/export"
        case students = "/students"
        case student = "/students/:token"
        case studentComments = "/students/:token/comments"
        case studentExport = "/students/:token/export"
        case reconciliation = "/reconciliation"
        case migration = "/migration"
        case suppressionPolicy = "/policies/suppression"
    }

    var pattern: Pattern {
        switch self {
        case .home: .home
        case .report: .report
        case .definition: .definition
        case .explain: .explain
        case .comments: .comments
        case .scenarios: .scenarios
        case .scenario: .scenario
        case .scenarioAnswers: .scenarioAnswers
        case .scenarioExport: .scenarioExport
        case .catalogue: .catalogue
        case .model: .model
        case .column: .column
        case .quarantine: .quarantine
        case .quarantineWaive: .quarantineWaive
        case .stylesheet: .stylesheet
        case .health: .health
        case .login: .login
        case .logout: .logout
        case .audit: .audit
        case .auditPerson: .auditPerson
        case .explainPeople: .explainPeople
        case .reportExport: .reportExport
        case .students: .students
        case .student: .student
        case .studentComments: .studentComments
        case .studentExport: .studentExport
        case .reconciliation: .reconciliation
        case .migration: .migration
        case .suppressionPolicy: .suppressionPolicy
        }
    }

    /// The path without query (for form actions).
    var path: String {
        switch self {
        case .home: "/"
        case .report(let id, _): "/reports/" + Self.encode(id)
        case .definition(let id): "/definitions/" + Self.encode(id)
        case .explain(let report, _, _): "/reports/" + Self.encode(report) + "/explain"
        case .comments(let report): "/reports/" + Self.encode(report) + "/comments"
        case .scenarios: "/scenarios"
        case .scenario(let id, _): "/scenarios/" + Self.encode(id)
        case .scenarioAnswers(let id): "/scenarios/" + Self.encode(id) + "/answers"
        case .scenarioExport(let id): "/scenarios/" + Self.encode(id) + "/export"
        case .catalogue: "/catalogue"
        case .model(let name): "/catalogue/" + Self.encode(name)
        case .column(let model, let column): "/catalogue/" + Self.encode(model) + "/" + Self.encode(column)
        case .quarantine: "/quarantine"
        case .quarantineWaive: "/quarantine/waive"
        case .stylesheet: "/assets/klarsyn.css"
        case .health: "/health"
        case .login: "/login"
        case .logout: "/logout"
        case .audit: "/audit"
        case .auditPerson: "/audit/person"
        case .explainPeople(let report): "/reports/" + Self.encode(report) + "/explain/people"
        case .reportExport(let id, _, _): "/reports/" + Self.encode(id) + "/export"
        case .students: "/students"
        case .student(let token): "/students/" + Self.encode(token)
        case .studentComments(let token): "/students/" + Self.encode(token) + "/comments"
        case .studentExport(let token): "/students/" + Self.encode(token) + "/export"
        case .reconciliation: "/reconciliation"
        case .migration: "/migration"
        case .suppressionPolicy: "/policies/suppression"
        }
    }

    /// The address of the route with the page language carried on.
    func href(_ language: Language) -> String {
        var query: [(String, String)] = []
        switch self {
        case .stylesheet, .health, .comments, .quarantineWaive, .scenarioAnswers, .scenarioExport, .logout,
            .auditPerson, .explainPeople, .studentComments:
            return path
        case .login(let next): if let next { query.append(("next", next)) }
        case .reportExport(_, let unit, let format):
            if let unit { query.append(("unit", unit)) }
            query.append(("format", format))
        case .report(_, let unit): if let unit { query.append(("unit", unit)) }
        case .explain(_, let unit, let month): query += [("unit", unit), ("month", month)]
        case .scenario(_, let version): if let version { query.append(("version", String(version))) }
        case .quarantine(let status): if let status { query.append(("status", status)) }
        case .home, .definition, .catalogue, .model, .column, .scenarios, .audit: break
        case .students, .student, .studentExport: break
        case .reconciliation: break
        case .migration: break
        case .suppressionPolicy(let rule):
            // The rule is a fragment: it names a section of the page, not a query.
            return path + "?lang=" + language.rawValue + (rule.map { "#" + Self.encode($0) } ?? "")
        }
        query.append(("lang", language.rawValue))
        return path + "?" + query.map { "\($0.0)=\(Self.encode($0.1))" }.joined(separator: "&")
    }

    static func encode(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }
}
