/// The language of an export's fixed texts (sheet names, flag headers).
public enum ExportLanguage: String, Sendable, Equatable, CaseIterable {
    /// Danish, the default UI language.
    case danish = "da"
    /// English.
    case english = "en"
}

/// One value of an export table, after suppression.
///
/// A suppressed cell holds only its marker and rule id: the hidden value never reaches an
/// export, by construction.
public enum ExportValue: Sendable, Equatable {
    /// Text, e.g. a unit name or a month.
    case text(String)
    /// A whole number.
    case integer(Int)
    /// A decimal number written with `digits` fraction digits.
    case decimal(Double, digits: Int)
    /// No value (e.g. not applicable).
    case empty
    /// A hidden cell: `marker` (e.g. `<5`) is written, and `ruleID` goes into the flag column.
    case suppressed(marker: String, ruleID: String)

    /// A person count as the suppression result allows it.
    public init(count: Int, decision: CellDecision, marker: String) {
        switch decision {
        case .shown: self = .integer(count)
        case .suppressed(let s): self = .suppressed(marker: marker, ruleID: s.ruleID)
        }
    }

    /// A decimal value (rate, percentage) as the suppression result allows it.
    public init(decimal: Double, digits: Int, decision: CellDecision, marker: String) {
        switch decision {
        case .shown: self = .decimal(decimal, digits: digits)
        case .suppressed(let s): self = .suppressed(marker: marker, ruleID: s.ruleID)
        }
    }

    /// The value from `result` for `key`: `value` when shown, else the marker and rule id.
    public init(_ value: Int, key: CellKey, in result: SuppressionResult) {
        self.init(count: value, decision: result.decision(for: key), marker: result.marker)
    }

    /// The decimal value from `result` for `key`: `value` when shown, else the marker and rule id.
    public init(_ value: Double, digits: Int, key: CellKey, in result: SuppressionResult) {
        self.init(decimal: value, digits: digits, decision: result.decision(for: key), marker: result.marker)
    }
}

/// A column of an export table.
public struct ExportColumn: Sendable, Equatable {
    /// The kind of values a column holds (decides number formats in XLSX).
    public enum Kind: Sendable, Equatable {
        /// Text.
        case text
        /// Whole numbers.
        case integer
        /// Decimals with a fixed number of fraction digits.
        case decimal(digits: Int)
    }

    /// The header.
    public let title: String
    /// The kind of values.
    public let kind: Kind

    /// A column with a header and a kind.
    public init(_ title: String, _ kind: Kind) {
        self.title = title
        self.kind = kind
    }
}

/// A table as a page shows it, already suppressed, ready for ``CSVExporter`` and ``XLSXWriter``.
///
/// Every column with a suppressed cell gets a flag column right after it in the export,
/// holding the id of the rule that hid the cell (see ``ExportDocument/legend``).
///
/// ```swift
/// var table = ExportTable(title: "Sygefravær 2025", columns: [ExportColumn("Enhed", .text), ExportColumn("Ansatte", .integer)])
/// table.append([.text("Ward 1"), ExportValue(3, key: key, in: result)])
/// ```
public struct ExportTable: Sendable, Equatable {
    /// A title (the XLSX data sheet's first row; not written to CSV).
    public var title: String
    /// The columns.
    public var columns: [ExportColumn]
    /// The rows; each has one value per column.
    public private(set) var rows: [[ExportValue]] = []

    /// An empty table with these columns.
    public init(title: String, columns: [ExportColumn]) {
        self.title = title
        self.columns = columns
    }

    /// Appends a row; a short row is padded with ``ExportValue/empty``, extra values are dropped.
    public mutating func append(_ row: [ExportValue]) {
        var row = Array(row.prefix(columns.count))
        while row.count < columns.count { row.append(.empty) }
        rows.append(row)
    }

    /// The columns that get a flag column (those with at least one suppressed cell).
    var flaggedColumns: Set<Int> {
        var set: Set<Int> = []
        for row in rows {
            for (c, value) in row.enumerated() {
                if case .suppressed = value { set.insert(c) }
            }
        }
        return set
    }

    /// Headers and rows laid out with flag columns, as exports write them.
    func laidOut(language: ExportLanguage) -> (headers: [String], rows: [[ExportCell]]) {
        let flagged = flaggedColumns
        var headers: [String] = []
        for (c, column) in columns.enumerated() {
            headers.append(column.title)
            if flagged.contains(c) {
                headers.append(column.title + (language == .danish ? " (markering)" : " (flag)"))
            }
        }
        var out: [[ExportCell]] = []
        for row in rows {
            var cells: [ExportCell] = []
            for (c, value) in row.enumerated() {
                switch value {
                case .text(let s): cells.append(.text(s))
                case .integer(let n): cells.append(.integer(n))
                case .decimal(let x, let digits): cells.append(.decimal(x, digits: digits))
                case .empty: cells.append(.empty)
                case .suppressed(let marker, _): cells.append(.marker(marker))
                }
                if flagged.contains(c) {
                    if case .suppressed(_, let rule) = value { cells.append(.text(rule)) } else { cells.append(.empty) }
                }
            }
            out.append(cells)
        }
        return (headers, out)
    }
}

/// A laid-out cell: what a writer writes.
enum ExportCell: Equatable {
    case text(String)
    case marker(String)
    case integer(Int)
    case decimal(Double, digits: Int)
    case empty
}

/// A term and its definition, for the XLSX definitions sheet.
public struct ExportNote: Sendable, Equatable {
    /// The term, e.g. a column header or metric name.
    public let term: String
    /// Its definition (with version), e.g. "Sygefravær, version 1: …".
    public let text: String

    /// A term and its definition.
    public init(term: String, text: String) {
        self.term = term
        self.text = text
    }
}

/// A flag and what it means, for the XLSX legend sheet.
public struct ExportFlag: Sendable, Equatable {
    /// The flag as it appears in flag columns, e.g. `SC1`.
    public let flag: String
    /// What it means.
    public let meaning: String

    /// A flag and its meaning.
    public init(flag: String, meaning: String) {
        self.flag = flag
        self.meaning = meaning
    }

    /// One entry per rule of `policy`: "title: reason", plus the marker itself.
    public static func legend(for policy: SuppressionPolicy, language: ExportLanguage) -> [ExportFlag] {
        let markerText =
            language == .danish
            ? "Skjult tal. Værdien er ikke med i filen; reglen står i kolonnen med markering."
            : "Hidden figure. The value is not in the file; the rule is in the flag column."
        return [ExportFlag(flag: policy.marker, meaning: markerText)]
            + policy.rules.map {
                ExportFlag(flag: $0.id, meaning: "\($0.title.text(language)): \($0.reason.text(language))")
            }
    }
}

/// Everything an XLSX export holds: the data and what a reader needs to read it.
public struct ExportDocument: Sendable, Equatable {
    /// The data, already suppressed.
    public var table: ExportTable
    /// The language of sheet names and fixed headers.
    public var language: ExportLanguage
    /// Definitions of the figures (definitions sheet).
    public var definitions: [ExportNote]
    /// What the figures cannot show, as the page's limits panel says it (limits sheet).
    public var limits: [String]
    /// The flags and markers used (legend sheet); see ``ExportFlag/legend(for:language:)``.
    public var legend: [ExportFlag]

    /// A document with all its parts.
    public init(
        table: ExportTable, language: ExportLanguage, definitions: [ExportNote], limits: [String],
        legend: [ExportFlag]
    ) {
        self.table = table
        self.language = language
        self.definitions = definitions
        self.limits = limits
        self.legend = legend
    }
}
