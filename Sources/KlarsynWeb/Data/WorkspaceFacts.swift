import Foundation
import KlarsynCore
import KlarsynMetrics
import KlarsynWorkspace
import TOMLKit

/// What a source contract says about where its data come from (`sources/*.toml`).
struct SourceFacts: Sendable, Equatable {
    var name: String
    var title: String
    var system: String
    /// The primary purpose the data were recorded for.
    var purpose: String
    var recordedBy: String
}

/// Workspace content the pages show, read and checked once at start-up.
struct WorkspaceFacts: Sendable {
    var reports: [ReportDefinition]
    var sources: [String: SourceFacts]
    /// The sick-leave definition versions, when the workspace has the definition file.
    var sickLeave: SickLeaveDefinitionSet?
    /// The scenario cases HR answered (`scenarios/*.yml`).
    var scenarios: [Scenario] = []
    /// Each scenario file's text as read at start-up, by scenario id (for the export).
    var scenarioFiles: [String: String] = [:]

    static func load(_ workspace: Workspace) throws -> WorkspaceFacts {
        let reports = try ReportLoader.load(workspace: workspace)
        var sources: [String: SourceFacts] = [:]
        for url in workspace.files(in: .sources, withExtension: "toml") {
            guard let text = try? String(contentsOf: url, encoding: .utf8), let t = try? TOMLTable(string: text),
                let name = t["name"]?.string
            else { continue }
            sources[name] = SourceFacts(
                name: name, title: t["title"]?.string ?? name, system: t["system"]?.string ?? "",
                purpose: t["purpose"]?.string ?? "", recordedBy: t["recorded_by"]?.string ?? "")
        }
        var sickLeave: SickLeaveDefinitionSet?
        let definitionFile = workspace.root.appendingPathComponent(SickLeaveDefinitionLoader.relativePath)
        if FileManager.default.fileExists(atPath: definitionFile.path) {
            sickLeave = try SickLeaveDefinitionLoader.load(workspace: workspace.root)
        }
        let scenarioFolder = workspace.folder(.scenarios)
        let scenarios =
            FileManager.default.fileExists(atPath: scenarioFolder.path)
            ? try ScenarioLoader.loadAll(workspace: workspace.root) : []
        var files: [String: String] = [:]
        for s in scenarios {
            files[s.id] = try? String(contentsOf: workspace.root.appendingPathComponent(s.sourceFile), encoding: .utf8)
        }
        return WorkspaceFacts(
            reports: reports, sources: sources, sickLeave: sickLeave, scenarios: scenarios, scenarioFiles: files)
    }

    func report(_ id: String) -> ReportDefinition? { reports.first { $0.id == id } }
}

extension SickLeaveParameters {
    /// Parameters as (name, value) in the order of `parameterNames`, values as written in the TOML file.
    var namedValues: [(String, String)] {
        func list(_ a: [String]) -> String { "[" + a.map { "\"\($0)\"" }.joined(separator: ", ") + "]" }
        func number(_ d: Double) -> String { d == d.rounded() ? String(Int(d)) : String(d) }
        return [
            ("codes", list(codes)),
            ("population", list(population)),
            ("half_day_weight", number(halfDayWeight)),
            ("link_gap_days", String(linkGapDays)),
            ("length_basis", "\"\(lengthBasis.rawValue)\""),
            ("long_term_threshold_days", String(longTermThresholdDays)),
            ("long_term_comparison", "\"\(longTermComparison.rawValue)\""),
            ("classification", "\"\(classification.rawValue)\""),
            ("full_time_hours", number(fullTimeHours)),
        ]
    }

    /// The parameters whose values differ from `other`: (name, other's value, this value).
    func differences(from other: SickLeaveParameters) -> [(String, String, String)] {
        zip(other.namedValues, namedValues).compactMap { a, b in a.1 == b.1 ? nil : (a.0, a.1, b.1) }
    }
}
