import Foundation
import KlarsynBuild
public import KlarsynWorkspace
import TOMLKit

/// A report file that cannot be read. The message names the file, the tile (when there is one),
/// the field, and what is allowed.
public struct ReportFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Workspace-relative file, e.g. `reports/sick-leave.toml`.
    public var file: String
    /// 1-based line, when known.
    public var line: Int?
    /// Tile id, when the problem is inside a tile.
    public var tile: String?
    /// What is wrong and how to fix it.
    public var message: String

    /// `reports/sick-leave.toml:12: tile 'rate': `kind` = "pie" is not allowed: …`
    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        s += ": "
        if let tile { s += "tile '\(tile)': " }
        return s + message
    }
}

/// Reads `reports/*.toml` (format: `docs/reports.md`).
///
/// ```swift
/// let reports = try ReportLoader.load(workspace: workspace)
/// let problems = ReportCatalogueCheck.problems(reports: reports, columns: known)
/// ```
public enum ReportLoader {
    static let topKeys = [
        "id", "title", "summary", "owner", "audience", "model_version", "root_unit", "limits", "tiles", "draft",
    ]
    static let tileKeys = [
        "id", "title", "kind", "metric", "metrics", "group_by", "filters", "rolling_months", "definition",
    ]
    static let limitKeys = ["cannot_show", "left_out", "late_registrations", "must_not_serve"]

    /// Loads every report of the workspace, sorted by file name.
    /// - Throws: ``ReportFileError`` for the first file that cannot be read.
    public static func load(workspace: Workspace) throws(ReportFileError) -> [ReportDefinition] {
        var reports: [ReportDefinition] = []
        for url in workspace.files(in: .reports, withExtension: "toml") {
            let file = "reports/" + url.lastPathComponent
            let text: String
            do {
                text = try String(contentsOf: url, encoding: .utf8)
            } catch {
                throw ReportFileError(file: file, message: "cannot read the file as UTF-8 text")
            }
            reports.append(try parse(text, file: file))
        }
        return reports
    }

    /// Parses one report file.
    /// - Throws: ``ReportFileError`` naming file, line, tile and field.
    public static func parse(_ text: String, file: String) throws(ReportFileError) -> ReportDefinition {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let e as TOMLParseError {
            throw ReportFileError(file: file, line: e.source.begin.line, message: "TOML syntax: \(e.description)")
        } catch {
            throw ReportFileError(file: file, message: "TOML syntax error")
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let tileLines = lines.indices.filter { lines[$0].trimmingCharacters(in: .whitespaces).hasPrefix("[[tiles]]") }
            .map { $0 + 1 }
        func fail(_ message: String, tile: String? = nil, line: Int? = nil) -> ReportFileError {
            ReportFileError(file: file, line: line, tile: tile, message: message)
        }
        for key in table.keys where !topKeys.contains(key) {
            throw fail("unknown key `\(key)`; allowed: \(topKeys.joined(separator: ", "))")
        }
        let expectedID = String(file.split(separator: "/").last ?? "").replacingOccurrences(of: ".toml", with: "")
        guard let id = table["id"]?.string, !id.isEmpty else {
            throw fail("`id` is required, e.g. id = \"\(expectedID)\"")
        }
        guard id == expectedID else {
            throw fail(
                "`id` = \"\(id)\" must equal the file name without .toml (\"\(expectedID)\"), so that links stay stable"
            )
        }
        guard id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw fail("`id` may hold letters, digits, - and _ only (it is part of the page address)")
        }
        guard let title = localized(table["title"]) else {
            throw fail("`title` is required: a text or { da = \"…\", en = \"…\" }")
        }
        guard let owner = table["owner"]?.string, !owner.isEmpty else {
            throw fail("`owner` is required: the role that answers for the report")
        }
        let audience = try localizedList(table["audience"], field: "audience", fail: { fail($0) })
        let modelVersion: String
        if let v = table["model_version"]?.string {
            guard v == "current" || ModelVersionID(v, defaultSet: "hr") != nil else {
                throw fail("`model_version` must be \"current\", a whole number ≥ 1 or a version such as \"hr@2\"")
            }
            modelVersion = v
        } else if let v = table["model_version"]?.int {
            guard v >= 1 else { throw fail("`model_version` must be \"current\" or a whole number ≥ 1") }
            modelVersion = String(v)
        } else if table["model_version"] != nil {
            throw fail("`model_version` must be \"current\" or a whole number ≥ 1")
        } else {
            modelVersion = "current"
        }
        var limits = ReportLimits()
        if let l = table["limits"] {
            guard let lt = l.table else { throw fail("`[limits]` must be a table") }
            for key in lt.keys where !limitKeys.contains(key) {
                throw fail("unknown key `limits.\(key)`; allowed: \(limitKeys.joined(separator: ", "))")
            }
            limits.cannotShow = try localizedList(lt["cannot_show"], field: "limits.cannot_show", fail: { fail($0) })
            limits.leftOut = try localizedList(lt["left_out"], field: "limits.left_out", fail: { fail($0) })
            limits.lateRegistrations = try localizedList(
                lt["late_registrations"], field: "limits.late_registrations", fail: { fail($0) })
            limits.mustNotServe = try localizedList(
                lt["must_not_serve"], field: "limits.must_not_serve", fail: { fail($0) })
        }
        guard !limits.cannotShow.isEmpty, !limits.mustNotServe.isEmpty else {
            throw fail(
                "`[limits]` needs `cannot_show` and `must_not_serve`: every report says what it cannot show and what it must not be used for"
            )
        }
        guard let tilesArray = table["tiles"]?.array, tilesArray.count > 0 else {
            throw fail("at least one `[[tiles]]` table is required")
        }
        var tiles: [ReportTile] = []
        for index in 0..<tilesArray.count {
            let line = index < tileLines.count ? tileLines[index] : nil
            guard let t = tilesArray[index].table else {
                throw fail("`tiles` must be an array of tables ([[tiles]])", line: line)
            }
            guard let tileID = t["id"]?.string, !tileID.isEmpty else {
                throw fail("every tile needs an `id` (tile \(index + 1))", line: line)
            }
            func tfail(_ m: String) -> ReportFileError { fail(m, tile: tileID, line: line) }
            if tiles.contains(where: { $0.id == tileID }) { throw tfail("the tile id is used twice") }
            for key in t.keys where !tileKeys.contains(key) {
                throw tfail("unknown key `\(key)`; allowed: \(tileKeys.joined(separator: ", "))")
            }
            guard let tileTitle = localized(t["title"]) else { throw tfail("`title` is required") }
            let kindText = t["kind"]?.string ?? "line"
            guard let kind = TileKind(rawValue: kindText) else {
                throw tfail(
                    "`kind` = \"\(kindText)\" is not allowed; allowed: \(TileKind.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))"
                )
            }
            var metricTexts: [String] = []
            if let m = t["metric"]?.string { metricTexts.append(m) }
            if let ms = t["metrics"] {
                guard let a = ms.array else { throw tfail("`metrics` must be a list of \"table.column\" texts") }
                for i in 0..<a.count {
                    guard let s = a[i].string else { throw tfail("`metrics` must be a list of \"table.column\" texts") }
                    metricTexts.append(s)
                }
            }
            guard !metricTexts.isEmpty else {
                throw tfail("`metric = \"table.column\"` (or `metrics = [...]`) is required")
            }
            let metrics = try metricTexts.map { (s: String) throws(ReportFileError) -> ColumnReference in
                guard let r = ColumnReference(s) else { throw tfail("`\(s)` is not a \"table.column\" reference") }
                return r
            }
            var groupBy: [ColumnReference] = []
            if let g = t["group_by"] {
                guard let a = g.array else { throw tfail("`group_by` must be a list of \"table.column\" texts") }
                for i in 0..<a.count {
                    guard let s = a[i].string, let r = ColumnReference(s) else {
                        throw tfail("`group_by` must be a list of \"table.column\" texts")
                    }
                    groupBy.append(r)
                }
            }
            var filters: [TileFilter] = []
            if let f = t["filters"] {
                guard let a = f.array else {
                    throw tfail("`filters` must be a list of { column = \"table.column\", equals = \"…\" }")
                }
                for i in 0..<a.count {
                    guard let ft = a[i].table, let c = ft["column"]?.string, let r = ColumnReference(c),
                        let v = ft["equals"]?.string ?? ft["equals"]?.int.map(String.init)
                    else { throw tfail("`filters` must be a list of { column = \"table.column\", equals = \"…\" }") }
                    filters.append(TileFilter(column: r, value: v))
                }
            }
            var rolling: Int?
            if let r = t["rolling_months"] {
                guard let n = r.int, (2...36).contains(n) else {
                    throw tfail("`rolling_months` must be a whole number from 2 to 36")
                }
                rolling = n
            }
            tiles.append(
                ReportTile(
                    id: tileID, title: tileTitle, kind: kind, metrics: metrics, groupBy: groupBy, filters: filters,
                    rollingMonths: rolling, definition: t["definition"]?.string, line: line))
        }
        return ReportDefinition(
            id: id, file: file, title: title, summary: localized(table["summary"]), owner: owner, audience: audience,
            modelVersion: modelVersion, rootUnit: table["root_unit"]?.string, tiles: tiles, limits: limits,
            draft: table["draft"]?.bool ?? false)
    }

    static func localized(_ value: (any TOMLValueConvertible)?) -> LocalizedText? {
        guard let value else { return nil }
        if let s = value.string, !s.isEmpty { return LocalizedText(da: s) }
        if let t = value.table, let da = t["da"]?.string, !da.isEmpty {
            return LocalizedText(da: da, en: t["en"]?.string)
        }
        return nil
    }

    static func localizedList(
        _ value: (any TOMLValueConvertible)?, field: String, fail: (String) -> ReportFileError
    ) throws(ReportFileError) -> [LocalizedText] {
        guard let value else { return [] }
        guard let a = value.array else {
            throw fail("`\(field)` must be a list of texts or { da = \"…\", en = \"…\" }")
        }
        var out: [LocalizedText] = []
        for i in 0..<a.count {
            guard let t = localized(a[i]) else {
                throw fail("`\(field)` must be a list of texts or { da = \"…\", en = \"…\" }")
            }
            out.append(t)
        }
        return out
    }
}
