import KlarsynCore

/// A table cell: text plus whether it is hidden for privacy or belongs to a changed month.
struct CellView: Sendable, Equatable {
    var text: String
    var suppressed = false
    var href: String? = nil
    /// For a suppressed cell: the policy rule that hid it (the cell links to it).
    var rule: HiddenBy? = nil
}

/// One row of a data table.
struct RowView: Sendable, Equatable {
    var header: String
    var headerHref: String? = nil
    var cells: [CellView]
    var note: String? = nil
}

/// The data-table alternative of a chart (or a table tile).
struct TableView: Sendable, Equatable {
    var caption: String
    var columns: [String]
    var rows: [RowView]
    /// Lines shown under the caption (context events).
    var notes: [String] = []
}

/// One changelog line of a definition card.
struct ChangelogView: Sendable, Equatable {
    var version: Int
    var date: String
    var by: String
    var summary: String
}

/// What changed between two versions.
struct VersionDiffView: Sendable, Equatable {
    var from: Int
    var to: Int
    var changes: [String]
}

/// The definition card of a tile.
struct DefinitionCardView: Sendable, Equatable {
    var title: String
    var description: String
    var version: Int
    var status: String
    var effectiveFrom: String
    var owner: String
    var parameters: [String]
    var changelog: [ChangelogView]
    var diffs: [VersionDiffView]
    var sources: [SourceFacts]
    var reuse: String
    var href: String
    var sourceFile: String
    /// Which versions the figures on the page follow, and for which months.
    var versionsShown: String? = nil
}

/// One tile of a report page.
struct TileView: Sendable, Equatable {
    var id: String
    var title: String
    var summary: String
    var chart: ChartModel?
    var table: TableView
    var notes: [String]
    var dependencies: [String]
    var card: DefinitionCardView?
    /// The comments about this tile (its thread), newest first.
    var comments: [CommentEntry] = []
}

/// The limits panel.
struct LimitsView: Sendable, Equatable {
    var cannotShow: [String]
    var leftOut: [String]
    var late: [String]
    var suppressed: [String]
    var mustNotServe: [String]
    /// The policy page with the rules that hide cells, linked under "suppressed" when set.
    var policyHref: String? = nil
}

/// A unit in the unit picker.
struct UnitOptionView: Sendable, Equatable {
    var id: String
    var label: String
    var selected: Bool
}

/// A report page.
struct ReportPageView: Sendable, Equatable {
    var language: Language
    var reportID: String
    var title: String
    var summary: String?
    var owner: String
    var audience: [String]
    var unitName: String
    var unitID: String
    var breadcrumb: [(name: String, href: String)]
    var unitOptions: [UnitOptionView]
    var subUnits: [(name: String, href: String)]
    var dataAsOf: String
    var latestMonth: String?
    var changedMonths: [String]
    var seriesBreaks: [String]
    var tiles: [TileView]
    var limits: LimitsView
    /// Comments on the report for this unit, newest first (filled by the controller).
    var comments: [CommentEntry] = []
    /// The definition versions the page shows, for the audit log (e.g. `sick-leave@1,sick-leave@2`).
    var auditVersion: String? = nil

    static func == (a: ReportPageView, b: ReportPageView) -> Bool {
        a.reportID == b.reportID && a.unitID == b.unitID && a.tiles == b.tiles
    }
}

/// The home page: the workspace's reports.
struct HomePageView: Sendable {
    var language: Language
    var reports: [(title: String, summary: String?, href: String, owner: String)]
}

/// A definition page: every version with its parameters, changelog and differences.
struct DefinitionPageView: Sendable {
    var language: Language
    var title: String
    var cards: [DefinitionCardView]
}

/// A page that says what went wrong without internals.
struct MessagePageView: Sendable {
    var language: Language
    var title: String
    var message: String
}
