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
    case catalogue
    case model(name: String)
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
        case catalogue = "/catalogue"
        case model = "/catalogue/:model"
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
        case .catalogue: .catalogue
        case .model: .model
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
        case .catalogue: "/catalogue"
        case .model(let name): "/catalogue/" + Self.encode(name)
        case .stylesheet: "/assets/klarsyn.css"
        case .health: "/health"
        }
    }

    /// The address of the route with the page language carried on.
    func href(_ language: Language) -> String {
        var query: [(String, String)] = []
        switch self {
        case .stylesheet, .health, .comments: return path
        case .report(_, let unit): if let unit { query.append(("unit", unit)) }
        case .explain(_, let unit, let month): query += [("unit", unit), ("month", month)]
        case .scenario(_, let version): if let version { query.append(("version", String(version))) }
        case .home, .definition, .catalogue, .model, .scenarios: break
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
