/// A text in Danish and, optionally, English. Workspace files write either `"tekst"` or
/// `{ da = "tekst", en = "text" }`; a missing English text falls back to Danish.
public struct LocalizedText: Sendable, Equatable {
    /// Danish text (required: Danish is the default language).
    public var da: String
    /// English text, if given.
    public var en: String?

    /// Creates a text.
    public init(da: String, en: String? = nil) {
        self.da = da
        self.en = en
    }

    /// The text in `language`, falling back to Danish.
    public func text(_ language: Language) -> String { language == .en ? (en ?? da) : da }
}

/// A `table.column` reference from a report tile to a model column or metric table column.
public struct ColumnReference: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Table (model or metric table), e.g. `sick_leave_unit_month`.
    public var table: String
    /// Column, e.g. `rate_pct`.
    public var column: String

    /// Creates a reference.
    public init(table: String, column: String) {
        self.table = table
        self.column = column
    }

    /// Parses `table.column`; `nil` when the text has no single dot between two names.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        self.init(table: String(parts[0]), column: String(parts[1]))
    }

    /// `table.column`.
    public var description: String { "\(table).\(column)" }

    /// Orders by `table.column` text.
    public static func < (a: ColumnReference, b: ColumnReference) -> Bool { a.description < b.description }
}

/// How a tile shows its figures. Every kind has an SVG chart and a data table, except `table`.
public enum TileKind: String, Sendable, CaseIterable {
    /// A line per month; with `rolling_months` also the rolling rate. Series breaks are marked.
    case line
    /// Stacked bars per month, one segment per metric column (e.g. short and long days).
    case stackedBar = "stacked_bar"
    /// Bars per month.
    case bar
    /// One bar per sub-unit of the selected unit, for the latest month and the rolling period.
    case compare
    /// A plain table.
    case table
}

/// A filter of a tile: `column` equals `value`; `$unit` and `$month` stand for the page's selection.
public struct TileFilter: Sendable, Equatable {
    /// The filtered column.
    public var column: ColumnReference
    /// The value or a page variable (`$unit`).
    public var value: String
}

/// One tile of a report: what it shows and which columns it reads.
public struct ReportTile: Sendable, Equatable {
    /// Id, unique in the report (used in anchors and error messages).
    public var id: String
    /// Heading of the tile.
    public var title: LocalizedText
    /// How it is drawn.
    public var kind: TileKind
    /// The measures: `table.column` references (first one is the tile's metric).
    public var metrics: [ColumnReference]
    /// The columns the figures are grouped by (e.g. `sick_leave_unit_month.month`).
    public var groupBy: [ColumnReference]
    /// Filters.
    public var filters: [TileFilter]
    /// Rolling window in months shown beside the monthly figure (e.g. 12), if any.
    public var rollingMonths: Int?
    /// The definition the figures follow (e.g. `sick-leave`), shown as the tile's definition card.
    public var definition: String?
    /// Line in the report file where the tile starts (for error messages).
    public var line: Int?

    /// Every column the tile depends on: metrics, grouping and filters, sorted, without duplicates.
    public var dependencies: [ColumnReference] {
        Array(Set(metrics + groupBy + filters.map(\.column))).sorted()
    }
}

/// What a report cannot show, whom it leaves out, and what it must not be used for.
public struct ReportLimits: Sendable, Equatable {
    /// What the report cannot show (causes of absence, individuals, care work…).
    public var cannotShow: [LocalizedText] = []
    /// Populations left out.
    public var leftOut: [LocalizedText] = []
    /// Late registrations and restated months.
    public var lateRegistrations: [LocalizedText] = []
    /// Uses the report must not serve.
    public var mustNotServe: [LocalizedText] = []
}

/// A report as written in `reports/NAME.toml` (format: `docs/reports.md`).
public struct ReportDefinition: Sendable, Equatable {
    /// Id, used in URLs (`/reports/ID`); equals the file name without `.toml`.
    public var id: String
    /// Workspace-relative file, e.g. `reports/sick-leave.toml`.
    public var file: String
    /// Title.
    public var title: LocalizedText
    /// A short description shown under the title.
    public var summary: LocalizedText?
    /// Who owns the report (a role).
    public var owner: String
    /// Who the report is for.
    public var audience: [LocalizedText]
    /// Model version the report reads: `current` or a version number.
    public var modelVersion: String
    /// The unit the report opens on (default: the root of the unit tree).
    public var rootUnit: String?
    /// The tiles, in page order.
    public var tiles: [ReportTile]
    /// The limits panel.
    public var limits: ReportLimits
    /// True for a draft (`draft = true`): not yet published, so `klarsyn impact` does not fail on it.
    public var draft: Bool = false
}
