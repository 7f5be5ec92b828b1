import KlarsynBuild

/// The text form of a later model version's build (`klarsyn build`).
enum ModelVersionText {
    static func render(_ v: ModelVersionBuildResult) -> String {
        let rows = v.models.map(\.rows).reduce(0, +)
        var lines = [
            "",
            "\(v.version): \(v.models.count) models (\(rows) rows) beside hr@1; compatibility views: \(v.views.joined(separator: ", "))",
        ]
        for c in v.unprovided { lines.append("  not provided: \(c.previousModel).\(c.column) — \(c.how)") }
        for t in v.failedTests { lines.append("  data test: \(t)") }
        return lines.joined(separator: "\n")
    }
}
