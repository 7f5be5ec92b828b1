import Foundation
import KlarsynCore
import KlarsynDisclosure
import KlarsynMetrics

/// Errors a reader may cause on purpose-mapped pages (404/400), never internals.
enum PageError: Error, Equatable {
    case notFound(UIText)
    case badRequest(UIText)
    case notBuilt

    static func == (a: PageError, b: PageError) -> Bool {
        switch (a, b) {
        case (.notFound, .notFound), (.badRequest, .badRequest), (.notBuilt, .notBuilt): true
        default: false
        }
    }
}

/// The smallest population a unit-month cell may have to be shown (step 6 brings suppression proper).
let minimumCellPopulation = 5

/// Sums of the additive columns of `sick_leave_unit_month` over one or more months.
struct Totals: Sendable {
    var lost = 0.0, available = 0.0, short = 0.0, long = 0.0, spells = 0.0

    init() {}
    init(_ rows: [UnitMonthRow]) {
        for r in rows {
            lost += r.fteDaysLost
            available += r.fteDaysAvailable
            short += r.shortDays
            long += r.longDays
            spells += Double(r.spellsStarted)
        }
    }

    /// The columns of `sick_leave_unit_month` that are measures.
    static let metricColumns: Set<String> = [
        "rate_pct", "fte_days_lost", "fte_days_available", "short_days", "long_days", "spells_started",
    ]

    /// The value of a metric column; rates are ratios of sums, never means of rates.
    func value(_ column: String) -> Double? {
        switch column {
        case "rate_pct": available > 0 ? 100 * lost / available : nil
        case "fte_days_lost": lost
        case "fte_days_available": available
        case "short_days": short
        case "long_days": long
        case "spells_started": spells
        default: nil
        }
    }
}

/// Builds the view model of a report page from the warehouse (all reads async).
struct ReportPageBuilder: Sendable {
    let facts: WorkspaceFacts
    let repository: SickLeaveRepository
    /// The reader's scope: the unit picker and the breadcrumb offer only units inside it.
    var scope: AccessScope = .everything
    /// The whole-tree small-cell decisions (decision 0087); without it every cell is hidden.
    var suppression: SuppressionService? = nil

    func build(reportID: String, unitParameter: String?, language: Language) async throws -> ReportPageView {
        guard let report = facts.report(reportID) else { throw PageError.notFound(.unknownReport(reportID)) }
        guard try await repository.isBuilt() else { throw PageError.notBuilt }
        let latest = try await repository.latestMonth()
        var sourceNames = Set<String>()
        var tileSources: [String: [String]] = [:]
        for tile in report.tiles {
            if let first = tile.metrics.first {
                let s = try await repository.sources(of: first)
                tileSources[tile.id] = s
                sourceNames.formUnion(s)
            }
        }
        let status = try await repository.dataStatus(sources: sourceNames.sorted())
        // The tree as of the end of the last month the deliveries cover.
        let coveredUntil = status.latestDelivery.flatMap { CalendarDay(iso: String($0.prefix(10))) }
        var day = latest?.lastDay ?? CalendarDay(year: 2000, month: 1, day: 1)
        if let c = coveredUntil, c < day { day = c.yearMonth.lastDay == c ? c : c.adding(days: -c.day) }
        let org = try await repository.organisation(on: day)
        if let u = unitParameter,
            u.count > 64 || !u.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        {
            throw PageError.badRequest(.unknownUnit(String(u.prefix(64))))
        }
        guard let unitID = unitParameter ?? report.rootUnit ?? org.roots.first else { throw PageError.notBuilt }
        guard let unit = org.units[unitID] else { throw PageError.notFound(.unknownUnit(unitID)) }
        let children = (org.children[unitID] ?? []).compactMap { org.units[$0] }
        let definitions = facts.sickLeave
        let allRows = try await repository.unitMonths(units: [unitID] + children.map(\.id))
        // A month the deliveries do not yet cover to its end is left out of charts and tables (it
        // would read as a sudden drop) and named in a notice instead.
        let asOf = status.latestDelivery.flatMap { CalendarDay(iso: String($0.prefix(10))) }
        let incomplete = Set(allRows.map(\.month).filter { m in asOf.map { m.lastDay > $0 } ?? false })
        let byUnit = Dictionary(grouping: allRows.filter { !incomplete.contains($0.month) }, by: \.unitId).mapValues {
            chooseVersions($0, definitions)
        }
        let own = byUnit[unitID] ?? []
        let months = own.map(\.month)
        var population: [String: [YearMonth: Int]]? = [:]
        let populationForms =
            definitions?.current(on: day)?.parameters.population ?? SickLeaveParameters.regionDefault.population
        let decisions = try await suppression?.result(forms: populationForms)
        if let first = months.first, let last = months.last {
            let forms = populationForms
            population = try await repository.population(
                units: Set([unitID] + children.map(\.id)), months: first...last, forms: forms,
                tree: UnitTree(periods: org.periods))
        }
        // The rule that hid a cell (nil = shown); without decisions every cell is hidden (fail closed).
        func hiddenBy(_ unit: String, _ month: YearMonth) -> HiddenBy? {
            guard population != nil, let decisions else { return .failClosed(language) }
            return HiddenBy(
                decisions.decision(for: SuppressionService.key(unit, month)), policy: suppression?.policy,
                language: language)
        }
        func isSuppressed(_ unit: String, _ month: YearMonth) -> Bool { hiddenBy(unit, month) != nil }
        let changed = Set(status.changedMonths.map(\.month))
        var suppressedCells = Set<String>()

        // Series breaks of the selected unit.
        var breakIndexes: [(index: Int, label: String)] = []
        var breakNotes: [String] = []
        for i in own.indices.dropFirst() where own[i].definitionVersion != own[i - 1].definitionVersion {
            breakIndexes.append((i, "v\(own[i].definitionVersion)"))
            breakNotes.append(
                UIText.seriesBreak(version: own[i].definitionVersion, month: Format.monthName(own[i].month, language))
                    .text(language))
        }

        // "Version 1 (januar 2024 – december 2024), version 2 (januar 2025 – juni 2025)".
        var spans: [(Int, YearMonth, YearMonth)] = []
        for r in own {
            if let last = spans.last, last.0 == r.definitionVersion {
                spans[spans.count - 1].2 = r.month
            } else {
                spans.append((r.definitionVersion, r.month, r.month))
            }
        }
        let versionsShown: String? =
            spans.isEmpty
            ? nil
            : UIText.versionsShown(
                spans.map {
                    UIText.versionSpan(
                        version: $0.0, from: Format.monthName($0.1, language), to: Format.monthName($0.2, language)
                    ).text(language)
                }.joined(separator: ", ")
            ).text(language)

        var tiles: [TileView] = []
        for tile in report.tiles {
            var card = definitionCard(
                tile: tile, versions: Set(own.map(\.definitionVersion)), sources: tileSources[tile.id] ?? [],
                language: language)
            card?.versionsShown = versionsShown
            let dependencies = tile.dependencies.map(\.description)
            let title = tile.title.text(language)
            guard Self.canDraw(tile) else {
                let note = UIText.tileNotDrawn.text(language)
                tiles.append(
                    TileView(
                        id: tile.id, title: title, summary: note, chart: nil,
                        table: TableView(caption: title, columns: [], rows: []), notes: [note],
                        dependencies: dependencies, card: card))
                continue
            }
            switch tile.kind {
            case .compare:
                tiles.append(
                    compareTile(
                        tile, title: title, unit: unit, children: children, byUnit: byUnit, latest: own.last?.month,
                        hiddenBy: hiddenBy, suppressedCells: &suppressedCells, dependencies: dependencies,
                        card: card, language: language, reportID: report.id))
            default:
                var series: [ChartSeries] = []
                var columns: [String] = []
                for m in tile.metrics {
                    let name = columnLabel(m.column, language)
                    columns.append(name)
                    series.append(
                        ChartSeries(
                            name: name,
                            values: own.map { r in isSuppressed(unitID, r.month) ? nil : Totals([r]).value(m.column) }))
                }
                if let n = tile.rollingMonths, let m = tile.metrics.first {
                    let name = UIText.rollingMonths(n).text(language)
                    columns.append(name)
                    series.append(
                        ChartSeries(
                            name: name,
                            values: own.indices.map { i in
                                guard i >= n - 1, !isSuppressed(unitID, own[i].month) else { return nil }
                                let window = Array(own[(i - n + 1)...i])
                                guard window.first!.month.adding(months: n - 1) == own[i].month else { return nil }
                                // A rolling window never mixes definition versions: after a series break it starts again.
                                guard Set(window.map(\.definitionVersion)).count == 1 else { return nil }
                                return Totals(window).value(m.column)
                            }))
                }
                for r in own where isSuppressed(unitID, r.month) { suppressedCells.insert("\(unitID)|\(r.month.text)") }
                let digits = tile.metrics.first?.column == "spells_started" ? 0 : 1
                let rows = own.indices.map { i -> RowView in
                    let r = own[i]
                    let rule = hiddenBy(unitID, r.month)
                    let suppressed = rule != nil
                    let cells = series.map { s -> CellView in
                        if suppressed {
                            return CellView(text: UIText.lessThanFive.text(language), suppressed: true, rule: rule)
                        }
                        guard let v = s.values[i] else { return CellView(text: UIText.notAvailable.text(language)) }
                        return CellView(text: Format.decimal(v, digits: digits, language))
                    }
                    var notes: [String] = []
                    if changed.contains(r.month.text) {
                        notes.append(UIText.changedSinceLastLoad.text(language))
                    }
                    if breakIndexes.contains(where: { $0.index == i }) {
                        notes.append(UIText.seriesBreakNote(r.definitionVersion).text(language))
                    }
                    let explain =
                        suppressed
                        ? nil : Route.explain(report: report.id, unit: unitID, month: r.month.text).href(language)
                    return RowView(
                        header: Format.monthName(r.month, language), headerHref: explain, cells: cells,
                        note: notes.isEmpty ? nil : notes.joined(separator: "; "))
                }
                let summary = tileSummary(
                    tile, unit: unit, own: own, series: series, isSuppressed: { isSuppressed(unitID, $0) },
                    language: language)
                let chartKind: ChartModel.Kind = tile.kind == .line ? .line : .stackedBar
                let chart =
                    tile.kind == .table
                    ? nil
                    : ChartModel(
                        id: "chart-\(tile.id)", kind: chartKind, title: "\(title) — \(unit.name)", summary: summary,
                        categories: own.map { Format.monthShort($0.month, language) }, series: series,
                        breaks: breakIndexes, language: language, monthKeys: own.map(\.month.text))
                tiles.append(
                    TileView(
                        id: tile.id, title: title, summary: summary, chart: chart,
                        table: TableView(
                            caption: UIText.dataTableCaption(title).text(language),
                            columns: [UIText.month.text(language)] + columns, rows: rows),
                        notes: breakNotes, dependencies: dependencies, card: card))
            }
        }

        let limits = LimitsView(
            cannotShow: report.limits.cannotShow.map { $0.text(language) },
            leftOut: report.limits.leftOut.map { $0.text(language) },
            late: report.limits.lateRegistrations.map { $0.text(language) } + [
                UIText.lateRegistrationsNote.text(language)
            ],
            suppressed: suppressedCells.isEmpty
                ? [UIText.noSuppressedCells.text(language)]
                : [
                    UIText.suppressedCells(suppressedCells.count).text(language),
                    UIText.suppressionEffect.text(language),
                ]
                    + (population == nil
                        ? [
                            UIText.noEmploymentModel.text(language)
                        ] : []),
            mustNotServe: report.limits.mustNotServe.map { $0.text(language) },
            policyHref: Route.suppressionPolicy().href(language))

        var options: [UnitOptionView] = []
        func addOptions(_ id: String, depth: Int) {
            guard let u = org.units[id], depth < 8 else { return }
            options.append(
                UnitOptionView(
                    id: id,
                    label: String(repeating: "\u{2003}", count: depth) + u.name
                        + (u.type.isEmpty ? "" : " (\(u.type))"), selected: id == unitID))
            for c in org.children[id] ?? [] { addOptions(c, depth: depth + 1) }
        }
        for r in scope.rootUnit.map({ [$0] }) ?? org.roots { addOptions(r, depth: 0) }

        var asOfText = status.latestDelivery.map { UIText.dataAsOf($0).text(language) } ?? UIText.noLoads.text(language)
        if let b = status.latestBuild { asOfText += UIText.builtAt(b).text(language) }
        var view = ReportPageView(
            language: language, reportID: report.id, title: report.title.text(language),
            summary: report.summary?.text(language),
            owner: report.owner, audience: report.audience.map { $0.text(language) }, unitName: unit.name,
            unitID: unitID,
            breadcrumb: org.path(to: unitID).filter { scope.allows(unit: $0.id) }.map { ($0.name, Route.report(id: report.id, unit: $0.id).href(language)) },
            unitOptions: options,
            subUnits: children.map { ($0.name, Route.report(id: report.id, unit: $0.id).href(language)) },
            dataAsOf: asOfText,
            latestMonth: own.last.map { UIText.lastMonth(Format.monthName($0.month, language)).text(language) },
            changedMonths: status.changedMonths.map { c in
                UIText.changedMonthLine(
                    month: c.month, source: facts.sources[c.source]?.title ?? c.source, rows: c.rows,
                    kind: kindText(c.kind).text(language)
                ).text(language)
            },
            seriesBreaks: incomplete.sorted().map { m in
                UIText.incompleteMonth(month: Format.monthName(m, language), coveredTo: asOf?.iso ?? "").text(language)
            } + breakNotes, tiles: tiles, limits: limits)
        let versions = Set(own.map(\.definitionVersion)).sorted()
        view.auditVersion = versions.isEmpty ? nil : versions.map { "sick-leave@\($0)" }.joined(separator: ",")
        return view
    }

    /// Whether the web pages can draw a tile: today only tiles on the sick-leave unit-month metrics.
    /// A report none of whose tiles can be drawn (e.g. one kept for a model migration) is not
    /// listed on the home page; its tiles still take part in impact analysis and tile diffs.
    static func canDraw(_ tile: ReportTile) -> Bool {
        !tile.metrics.isEmpty
            && tile.metrics.allSatisfy { $0.table == "sick_leave_unit_month" && Totals.metricColumns.contains($0.column) }
    }

    func kindText(_ kind: String) -> UIText {
        switch kind {
        case "late_rows": .kindLateRows
        case "retraction": .kindRetraction
        case "replay": .kindReplay
        default: .kindOther(kind)
        }
    }

    /// One row per month: the version current in that month when several were computed, else the highest.
    func chooseVersions(_ rows: [UnitMonthRow], _ definitions: SickLeaveDefinitionSet?) -> [UnitMonthRow] {
        let byMonth = Dictionary(grouping: rows, by: \.month)
        return byMonth.keys.sorted().map { m in
            let candidates = byMonth[m]!
            if candidates.count > 1, let current = definitions?.current(on: m.lastDay),
                let match = candidates.first(where: { $0.definitionVersion == current.version })
            {
                return match
            }
            return candidates.max { $0.definitionVersion < $1.definitionVersion }!
        }
    }

    func columnLabel(_ column: String, _ language: Language) -> String {
        switch column {
        case "rate_pct": UIText.rate.text(language)
        case "short_days": UIText.shortDays.text(language)
        case "long_days": UIText.longDays.text(language)
        case "spells_started": UIText.spellsStarted.text(language)
        case "fte_days_lost": UIText.fteDaysLost.text(language)
        case "fte_days_available": UIText.fteDaysAvailable.text(language)
        default: column
        }
    }

    func tileSummary(
        _ tile: ReportTile, unit: UnitInfo, own: [UnitMonthRow], series: [ChartSeries],
        isSuppressed: (YearMonth) -> Bool,
        language: Language
    ) -> String {
        guard let i = own.indices.last(where: { !isSuppressed(own[$0].month) }), let first = series.first,
            let v = first.values[i]
        else {
            return UIText.summaryNoData.text(language)
        }
        let month = Format.monthName(own[i].month, language)
        let column = tile.metrics.first?.column ?? ""
        if column == "rate_pct" {
            let rolling = tile.rollingMonths != nil ? series.last?.values[i].map { Format.decimal($0, language) } : nil
            return UIText.summaryRate(
                unit: unit.name, month: month, rate: Format.decimal(v, language), rolling: rolling
            ).text(language)
        }
        if tile.metrics.map(\.column) == ["short_days", "long_days"], series.count >= 2 {
            return UIText.summarySplit(
                month: month, short: Format.decimal(v, language),
                long: Format.decimal(series[1].values[i] ?? 0, language)
            ).text(language)
        }
        if column == "spells_started" {
            let total = first.values.compactMap { $0 }.reduce(0, +)
            return UIText.summarySpells(
                month: month, count: Format.decimal(v, digits: 0, language),
                total: Format.decimal(total, digits: 0, language)
            ).text(language)
        }
        return "\(first.name): \(Format.decimal(v, language)) (\(month))"
    }

    func compareTile(
        _ tile: ReportTile, title: String, unit: UnitInfo, children: [UnitInfo], byUnit: [String: [UnitMonthRow]],
        latest: YearMonth?,
        hiddenBy: (String, YearMonth) -> HiddenBy?, suppressedCells: inout Set<String>, dependencies: [String],
        card: DefinitionCardView?,
        language: Language, reportID: String
    ) -> TileView {
        let column = tile.metrics.first?.column ?? "rate_pct"
        guard let latest, !children.isEmpty else {
            let note = UIText.noSubUnits.text(language)
            return TileView(
                id: tile.id, title: title, summary: note, chart: nil,
                table: TableView(caption: title, columns: [], rows: []), notes: [note], dependencies: dependencies,
                card: card)
        }
        var values: [Double?] = []
        var rows: [RowView] = []
        let n = tile.rollingMonths
        for child in children {
            let childRows = byUnit[child.id] ?? []
            let monthRow = childRows.first { $0.month == latest }
            // A sub-unit with no figures that month (no staff in the population) has nothing to
            // hide: it reads "not available". Cells with figures follow the suppression decision.
            let rule = monthRow == nil ? nil : hiddenBy(child.id, latest)
            let suppressed = rule != nil
            if suppressed { suppressedCells.insert("\(child.id)|\(latest.text)") }
            let v = suppressed ? nil : monthRow.flatMap { Totals([$0]).value(column) }
            values.append(v)
            var cells = [
                CellView(
                    text: suppressed
                        ? UIText.lessThanFive.text(language)
                        : v.map { Format.decimal($0, language) } ?? UIText.notAvailable.text(language),
                    suppressed: suppressed, rule: rule)
            ]
            if let n {
                let window = childRows.filter { $0.month <= latest && $0.month > latest.adding(months: -n) }
                let mixed = Set(window.map(\.definitionVersion)).count > 1
                let rv = suppressed || window.count < n || mixed ? nil : Totals(window).value(column)
                cells.append(
                    CellView(
                        text: suppressed
                            ? UIText.lessThanFive.text(language)
                            : rv.map { Format.decimal($0, language) } ?? UIText.notAvailable.text(language),
                        suppressed: suppressed, rule: rule))
            }
            rows.append(
                RowView(
                    header: child.name, headerHref: Route.report(id: reportID, unit: child.id).href(language),
                    cells: cells))
        }
        let shown = zip(children, values).compactMap { c, v in v.map { (c.name, $0) } }
        let month = Format.monthName(latest, language)
        var summary = UIText.summaryNoData.text(language)
        if shown.count == 1 {
            summary = UIText.summaryCompareOne(
                unit: shown[0].0, rate: Format.decimal(shown[0].1, language), month: month,
                othersHidden: children.count > 1
            ).text(language)
        } else if let hi = shown.max(by: { $0.1 < $1.1 }), let lo = shown.min(by: { $0.1 < $1.1 }) {
            summary = UIText.summaryCompare(
                highest: hi.0, highestRate: Format.decimal(hi.1, language), lowest: lo.0,
                lowestRate: Format.decimal(lo.1, language), month: month
            ).text(language)
        }
        var columns = [UIText.unit.text(language), "\(columnLabel(column, language)), \(month)"]
        if let n { columns.append(UIText.rollingMonths(n).text(language)) }
        let chart = ChartModel(
            id: "chart-\(tile.id)", kind: .horizontalBar, title: "\(title) — \(unit.name), \(month)", summary: summary,
            categories: children.map(\.name),
            series: [ChartSeries(name: columnLabel(column, language), values: values)], language: language)
        return TileView(
            id: tile.id, title: title, summary: summary, chart: chart,
            table: TableView(caption: UIText.dataTableCaption(title).text(language), columns: columns, rows: rows),
            notes: [], dependencies: dependencies, card: card)
    }

    func definitionCard(tile: ReportTile, versions: Set<Int>, sources: [String], language: Language)
        -> DefinitionCardView?
    {
        guard let id = tile.definition, id == "sick-leave", let set = facts.sickLeave else { return nil }
        let shown =
            versions.max().flatMap { set.version($0) } ?? set.current(on: CalendarDay(year: 2100, month: 1, day: 1))
            ?? set.versions.last
        guard let d = shown else { return nil }
        return Self.card(d, set: set, sources: sources.compactMap { facts.sources[$0] }, language: language)
    }

    static func card(_ d: SickLeaveDefinition, set: SickLeaveDefinitionSet, sources: [SourceFacts], language: Language)
        -> DefinitionCardView
    {
        let statusText: UIText =
            switch d.status {
            case .published: .statusPublished
            case .proposed: .statusProposed
            case .retired: .statusRetired
            }
        var diffs: [VersionDiffView] = []
        for (a, b) in zip(set.versions, set.versions.dropFirst()) {
            let changes = b.parameters.differences(from: a.parameters).map { "\($0.0): \($0.1) → \($0.2)" }
            diffs.append(
                VersionDiffView(
                    from: a.version, to: b.version,
                    changes: changes.isEmpty ? [UIText.sameParameters.text(language)] : changes))
        }
        let reuse =
            UIText.reuseSentence(d.reference).text(language)
        return DefinitionCardView(
            title: d.title, description: d.description.trimmingCharacters(in: .whitespacesAndNewlines),
            version: d.version,
            status: statusText.text(language), effectiveFrom: d.effectiveFrom.iso, owner: d.owner,
            parameters: d.parameters.namedValues.map { "\($0.0) = \($0.1)" },
            changelog: set.versions.flatMap(\.changelog).reduce(into: [ChangelogView]()) { acc, c in
                if !acc.contains(where: { $0.version == c.version }) {
                    acc.append(ChangelogView(version: c.version, date: c.date.iso, by: c.by, summary: c.summary))
                }
            },
            diffs: diffs, sources: sources, reuse: reuse, href: Route.definition(id: d.id).href(language),
            sourceFile: d.sourceFile)
    }
}

extension YearMonth {
    /// The month `n` months later (earlier when negative).
    func adding(months n: Int) -> YearMonth {
        let index = year * 12 + (month - 1) + n
        return YearMonth(year: index / 12, month: index % 12 + 1)
    }
}
