
/// What to do when a rule fails.
public enum RuleAction: String, Sendable, Codable, CaseIterable {
    /// Hold the whole file: nothing of it reaches staging until the cause is fixed.
    case hold
    /// Keep the line out of staging, in quarantine, with the reason.
    case quarantine
    /// Accept the line with the value set to NULL, and flag it in the quarantine table.
    case null
    /// Accept the line as it is and note the finding in the quarantine table.
    case warn
}

/// The layout of a delivered file.
public enum FileFormat: String, Sendable, Codable {
    /// Delimiter-separated values with a header row.
    case delimited
    /// One JSON object per line, no header.
    case jsonLines = "jsonl"
}

/// Character encodings a contract may declare.
public enum TextEncoding: String, Sendable, Codable {
    /// UTF-8 (a BOM is allowed and skipped).
    case utf8 = "utf-8"
    /// Windows-1252 (CP-1252).
    case windows1252 = "windows-1252"
}

/// Date layouts a contract may declare.
public enum DateLayout: String, Sendable, Codable {
    /// `yyyy-mm-dd`.
    case iso = "yyyy-mm-dd"
    /// `dd-mm-yyyy`, the payroll vendor's layout.
    case danish = "dd-mm-yyyy"
}

/// Value types of a column and how they are stored in staging.
public enum ColumnType: String, Sendable, Codable, CaseIterable {
    /// Text as delivered (UTF-8).
    case text
    /// Whole number (INTEGER).
    case integer
    /// Decimal number with the contract's decimal mark (REAL).
    case decimal
    /// Calendar date in the contract's date layout, stored as ISO `yyyy-mm-dd` text.
    case date
    /// Local date-time (`yyyy-mm-ddTHH:MM[:SS]`) in the contract's time zone, stored as ISO
    /// local text in the column and as UTC epoch seconds in `<column>_utc`.
    case datetime
    /// Date-time with an offset (`…+01:00` or `Z`), stored as given and as UTC epoch seconds in `<column>_utc`.
    case datetimeOffset = "datetime_offset"
    /// Month `yyyy-mm`, stored as text.
    case month
    /// `0` or `1`, stored as INTEGER.
    case boolean

    var sqlType: String {
        switch self {
        case .integer, .boolean: return "INTEGER"
        case .decimal: return "REAL"
        default: return "TEXT"
        }
    }
    var hasUTCColumn: Bool { self == .datetime || self == .datetimeOffset }
}

/// How versions of the same record combine across deliveries.
public enum CombineRule: String, Sendable, Codable {
    /// The row with the newest value in the version column wins (shifts: `last_changed`).
    case newestVersion = "newest_version"
    /// The newest delivery (delivery date, then file name) of an identity replaces earlier ones
    /// (employment and unit periods: id + `Gyldig_fra`).
    case newestDelivery = "newest_delivery"
    /// Every row counts (e.g. payroll lines, corrections are extra rows).
    case append
}

/// A reference from a column to a column of another source's staging table
/// (e.g. a shift's employee must be known to HR).
public struct ColumnReference: Sendable, Equatable {
    /// Contract name of the referenced source, e.g. `pdc_employments`.
    public var source: String
    /// Staging column in that source.
    public var column: String
    /// `quarantine` keeps the row for ``Ingestor/replayQuarantine(progress:)``; `warn` accepts it.
    public var action: RuleAction
}

/// One column of a source contract: header → staging column, type and rules.
public struct ColumnSpec: Sendable, Equatable {
    /// Staging column name (English snake_case), e.g. `employee_id`.
    public var name: String
    /// Header (or JSON key) in the delivered file, e.g. `MedarbejderID`.
    public var header: String
    /// Other headers accepted for this column (older or newer vendor layouts).
    public var aliases: [String]
    /// Value type.
    public var type: ColumnType
    /// Whether an empty value breaks a rule.
    public var required: Bool
    /// Action when a required value is empty.
    public var onMissing: RuleAction
    /// Action when a value is malformed, outside its domain, pattern or range.
    public var onInvalid: RuleAction
    /// Date layout overriding the contract's.
    public var dateLayout: DateLayout?
    /// Anchored pattern in a small regular-expression subset, e.g. `^E\d{7}$`.
    public var pattern: String?
    /// Allowed values (code list).
    public var domain: [String]?
    /// Inclusive lower numeric bound.
    public var min: Double?
    /// Inclusive upper numeric bound.
    public var max: Double?
    /// Another column this value may not be before (e.g. `valid_to` not before `valid_from`).
    public var notBefore: String?
    /// Reference to another source.
    public var references: ColumnReference?
    /// What the column means.
    public var description: String
}

/// A check that periods of the same group do not overlap (e.g. employment periods per employee).
public struct OverlapCheck: Sendable, Equatable {
    /// Columns that group periods, e.g. `["employee_id"]`.
    public var group: [String]
    /// First day column.
    public var from: String
    /// Last day column (inclusive; NULL = open).
    public var to: String
    /// Action for the later of two overlapping periods.
    public var action: RuleAction
}

/// A source contract: everything ingest needs to know about one kind of delivery. Loaded from
/// `sources/<name>.toml` in the workspace; see `docs/ingest.md` for every key.
public struct SourceContract: Sendable {
    /// Source name, e.g. `pdc_employments`; also the staging table's suffix.
    public var name: String
    /// Contract version, recorded on every landed file.
    public var version: Int
    /// Human title.
    public var title: String
    /// The data's primary purpose (why it is recorded at all).
    public var purpose: String
    /// Who records the data.
    public var recordedBy: String
    /// The delivering system.
    public var system: String
    /// File-name globs (`*` and `?`), e.g. `pdc_employments_*.csv`.
    public var filePatterns: [String]
    /// Delimited or JSON Lines.
    public var format: FileFormat
    /// Declared encoding.
    public var encoding: TextEncoding
    /// Action when the file turns out to be in the other encoding: `warn` decodes it with the
    /// detected encoding and notes it; `hold` holds the file.
    public var onOtherEncoding: RuleAction
    /// Field delimiter (ASCII).
    public var delimiter: UInt8
    /// Quote character (ASCII).
    public var quote: UInt8
    /// Decimal mark, `,` or `.`.
    public var decimalMark: UInt8
    /// Date layout of `date` columns.
    public var dateLayout: DateLayout
    /// Only `Europe/Copenhagen` is supported.
    public var timeZone: String
    /// Staging table, e.g. `stg_pdc_employments`.
    public var stagingTable: String
    /// The file is held when more than this share of its data lines are quarantined.
    public var holdWhenFailedShareAbove: Double
    /// Action for a header this contract does not know (the values stay in the raw lines).
    public var onUnknownColumn: RuleAction
    /// Action for a known optional column missing from the header.
    public var onMissingOptionalColumn: RuleAction
    /// How versions combine.
    public var combine: CombineRule
    /// Columns identifying a record across versions.
    public var identity: [String]
    /// Column that orders versions under ``CombineRule/newestVersion``.
    public var versionColumn: String?
    /// Boolean column whose `1` retracts the record (absences: `deleted`).
    public var retractionColumn: String?
    /// Column whose month a row belongs to, for changed-month tracking.
    public var monthColumn: String?
    /// Action for a duplicate (same identity, and same version or same content).
    public var onDuplicate: RuleAction
    /// Columns in staging order.
    public var columns: [ColumnSpec]
    /// Period overlap checks.
    public var overlapChecks: [OverlapCheck]
    /// SHA-256 of the contract file, recorded on every landed file.
    public var sha256: String
    /// The file the contract was read from.
    public var fileName: String

    /// The column named `name`.
    public func column(_ name: String) -> ColumnSpec? { columns.first { $0.name == name } }

    /// True when `fileName` matches one of the contract's patterns.
    public func matches(fileName: String) -> Bool {
        filePatterns.contains { Glob.matches(pattern: $0, name: fileName) }
    }
}

enum Glob {
    /// `*` matches any run, `?` one character; everything else literally.
    static func matches(pattern: String, name: String) -> Bool {
        let p = Array(pattern.unicodeScalars), n = Array(name.unicodeScalars)
        var pi = 0, ni = 0, star = -1, mark = 0
        while ni < n.count {
            if pi < p.count && (p[pi] == "?" || p[pi] == n[ni]) {
                pi += 1; ni += 1
            } else if pi < p.count && p[pi] == "*" {
                star = pi; mark = ni; pi += 1
            } else if star >= 0 {
                pi = star + 1; mark += 1; ni = mark
            } else {
                return false
            }
        }
        while pi < p.count && p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
