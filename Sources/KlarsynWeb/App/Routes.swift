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
        }
    }

    /// The address of the route with the page language carried on.
    func href(_ language: Language) -> String {
        var query: [(String, String)] = []
        switch self {
        case .stylesheet, .health, .comments, .quarantineWaive, .scenarioAnswers, .scenarioExport: return path
        case .report(_, let unit): if let unit { query.append(("unit", unit)) }
        case .explain(_, let unit, let month): query += [("unit", unit), ("month", month)]
        case .scenario(_, let version): if let version { query.append(("version", String(version))) }
        case .quarantine(let status): if let status { query.append(("status", status)) }
        case .home, .definition, .catalogue, .model, .column, .scenarios: break
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
