public import KlarsynCore

/// Why one employee's figures for one month are what they are, in a form for people (``renderText()``)
/// and for the web page (`Codable` JSON).
public struct SickLeaveExplanation: Sendable, Equatable, Codable {
    /// One delivered registration version in the window explained.
    public struct Registration: Sendable, Equatable, Codable {
        /// Absence id.
        public var absenceId: String
        /// Date absent.
        public var date: CalendarDay
        /// Code.
        public var code: String
        /// `FULL` / `HALF`.
        public var part: String
        /// `file:line`.
        public var source: String
        /// Registration time, local (Copenhagen) `yyyy-mm-dd hh:mm`, when known.
        public var registeredAt: String?
        /// Days between the date and the registration (local), when known.
        public var registeredDaysAfter: Int?
        /// Registered more than the late limit after the date.
        public var isLate: Bool
        /// `used`, `superseded`, `retracted`, `retraction`, `code_not_counted`, `after_cutoff`.
        public var status: String
        /// The status in words.
        public var statusText: String
    }

    /// One spell touching the month.
    public struct Spell: Sendable, Equatable, Codable {
        /// Spell number.
        public var spellNo: Int
        /// First sick date.
        public var firstDate: CalendarDay
        /// Last sick date.
        public var lastDate: CalendarDay
        /// Span in calendar days.
        public var spanDays: Int
        /// Number of sick dates.
        public var sickDays: Int
        /// Σ weights.
        public var daysLost: Double
        /// Days inside the spell without a counted sick registration (bridged, not days lost).
        public var bridgedDates: [CalendarDay]
        /// Length on the definition's basis.
        public var length: Int
        /// Whole spell long-term.
        public var isLongTerm: Bool
        /// First long-term date under the definition's classification, if any.
        public var longTermFrom: CalendarDay?
        /// The verdict in words.
        public var verdict: String
    }

    /// One calendar day of the month.
    public struct Day: Sendable, Equatable, Codable {
        /// Date.
        public var date: CalendarDay
        /// `sick`, `half`, `bridged`, `not_sick`, `not_counted`, `not_employed`.
        public var state: String
        /// Days lost that day.
        public var weight: Double
        /// `short`, `long` or `nil` when not a counted sick date.
        public var classification: String?
        /// Spell number for sick and bridged days.
        public var spellNo: Int?
        /// Position in the spell (1 = first date) for sick and bridged days.
        public var dayOfSpell: Int?
        /// The rule that decided the day, in words (shared by neighbouring days decided alike).
        public var rule: String
        /// The whole story of the day in one sentence.
        public var reason: String
        /// FTE that day (0 without counted employment).
        public var fte: Double
        /// FTE days lost that day (weight × FTE).
        public var fteLost: Double
        /// Home unit that day.
        public var unitId: String?
    }

    /// `sick-leave@1`.
    public var definition: String
    /// Definition version.
    public var definitionVersion: Int
    /// The parameters in words.
    public var parameters: [String]
    /// Employee.
    public var employeeId: String
    /// Month explained.
    public var month: YearMonth
    /// Registrations with dates in the window (the month, widened to the spells touching it).
    public var registrations: [Registration]
    /// Spells touching the month.
    public var spells: [Spell]
    /// Every day of the month.
    public var days: [Day]
    /// Σ short-term days.
    public var shortDays: Double
    /// Σ long-term days.
    public var longDays: Double
    /// Σ weight × FTE.
    public var fteDaysLost: Double
    /// Σ FTE.
    public var fteDaysAvailable: Double
    /// Data-quality findings for the window.
    public var findings: [String]

    /// Plain text for an HR partner.
    public func renderText() -> String {
        var out: [String] = []
        out.append(
            "Sick leave for employee \(employeeId) in \(SickLeaveWords.monthName(month)), computed with definition \(definition)."
        )
        out.append("Rules: " + parameters.joined(separator: "; ") + ".")
        out.append("")
        out.append("Registrations used (newest version of each registration wins):")
        if registrations.isEmpty { out.append("  none in this period") }
        for group in registrationGroups() {
            let r = group[0]
            let last = group[group.count - 1]
            let file = r.source.split(separator: ":").dropLast().joined(separator: ":")
            let lines = group.map { $0.source.split(separator: ":").last.map(String.init) ?? "" }
            let source =
                group.count == 1 ? r.source : "\(file):\(lines[0])" + (lines.last != lines[0] ? "–\(lines.last!)" : "")
            let dates =
                group.count == 1
                ? SickLeaveWords.date(r.date)
                : "\(SickLeaveWords.date(r.date)) – \(SickLeaveWords.date(last.date)) (\(group.count) dates)"
            var line = "  \(dates) \(r.code) \(r.part) — \(r.statusText) [\(source)]"
            if group.count == 1, let at = r.registeredAt { line += ", registered \(at)" }
            let late = group.filter(\.isLate)
            if !late.isEmpty {
                let after = late.compactMap(\.registeredDaysAfter)
                let lo = after.min() ?? 0
                let hi = after.max() ?? 0
                line += " — LATE: registered \(lo == hi ? "\(lo)" : "\(lo)–\(hi)") days after the date"
            }
            out.append(line)
        }
        let retractions = registrations.filter { $0.status == "retraction" }
        if !retractions.isEmpty {
            out.append(
                "Retractions applied: "
                    + retractions.map { "\(SickLeaveWords.date($0.date)) (\($0.source))" }.joined(separator: ", ") + "."
            )
        }
        let late = registrations.filter(\.isLate)
        if !late.isEmpty {
            out.append(
                "Late registrations: \(late.count) — figures for their months may have changed after first being reported."
            )
        }
        out.append("")
        out.append("Spells:")
        if spells.isEmpty { out.append("  no sick spell touches this month") }
        for s in spells {
            var line =
                "  Spell \(s.spellNo): \(SickLeaveWords.date(s.firstDate)) to \(SickLeaveWords.date(s.lastDate)), \(s.spanDays) calendar days, \(s.sickDays) sick dates, \(SickLeaveWords.number(s.daysLost)) days lost."
            if !s.bridgedDates.isEmpty {
                line +=
                    " Bridged (not days lost): " + s.bridgedDates.map(SickLeaveWords.date).joined(separator: ", ") + "."
            }
            out.append(line)
            out.append("    " + s.verdict)
        }
        out.append("")
        out.append("Day by day:")
        for group in dayGroups() where group[0].state != "not_sick" {
            if group.count == 1 {
                out.append("  \(SickLeaveWords.date(group[0].date)): \(group[0].reason)")
                continue
            }
            let d = group[0]
            let last = group[group.count - 1]
            var line = "  \(SickLeaveWords.date(d.date)) – \(SickLeaveWords.date(last.date)) (\(group.count) days): "
            if let s = d.spellNo, let p0 = d.dayOfSpell, let p1 = last.dayOfSpell {
                line += "days \(p0)–\(p1) of spell \(s): "
            }
            line += d.rule
            let lost = group.reduce(0) { $0 + $1.fteLost }
            if d.weight > 0 {
                line +=
                    "; \(SickLeaveWords.number(group.reduce(0) { $0 + $1.weight })) days lost, \(SickLeaveWords.number(lost)) FTE days lost"
            }
            out.append(line)
        }
        let plain = days.filter { $0.state == "not_sick" }
        if let d = plain.first {
            out.append("  The other \(plain.count) days: \(d.rule).")
        }
        out.append("")
        out.append(
            "Result for \(SickLeaveWords.monthName(month)): \(SickLeaveWords.number(shortDays)) short-term days, \(SickLeaveWords.number(longDays)) long-term days, \(SickLeaveWords.number(fteDaysLost)) FTE days lost of \(SickLeaveWords.number(fteDaysAvailable)) FTE days available."
        )
        if !findings.isEmpty {
            out.append("")
            out.append("Data-quality findings:")
            for f in findings { out.append("  " + f) }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// Consecutive registrations alike (same code, part, status, file, lateness) on consecutive dates.
    func registrationGroups() -> [[Registration]] {
        var groups: [[Registration]] = []
        for r in registrations {
            if let last = groups.last?.last, last.date.adding(days: 1) == r.date, last.code == r.code,
                last.part == r.part,
                last.status == r.status, last.isLate == r.isLate,
                last.source.split(separator: ":").dropLast() == r.source.split(separator: ":").dropLast()
            {
                groups[groups.count - 1].append(r)
            } else {
                groups.append([r])
            }
        }
        return groups
    }

    /// Consecutive days decided alike.
    func dayGroups() -> [[Day]] {
        var groups: [[Day]] = []
        for d in days {
            if let last = groups.last?.last, last.state == d.state, last.weight == d.weight,
                last.classification == d.classification,
                last.spellNo == d.spellNo, last.rule == d.rule, last.fte == d.fte, last.unitId == d.unitId
            {
                groups[groups.count - 1].append(d)
            } else {
                groups.append([d])
            }
        }
        return groups
    }
}

/// Words and number formats shared by explanations, scenario reports and calendars.
public enum SickLeaveWords {
    /// English month names.
    public static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]
    /// Danish month names (for calendars).
    public static let danishMonths = [
        "januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november",
        "december",
    ]
    /// Short English weekday names, Monday first.
    public static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    /// `Mon 4 Mar 2024`.
    public static func date(_ day: CalendarDay) -> String {
        let c = day.components
        return "\(weekdays[day.weekday.rawValue - 1]) \(c.day) \(months[c.month - 1].prefix(3)) \(c.year)"
    }

    /// `March 2024`.
    public static func monthName(_ month: YearMonth) -> String { "\(months[month.month - 1]) \(month.year)" }

    /// A number with at most 4 decimals and no trailing zeros: `2.5`, `8`, `0.6`.
    public static func number(_ value: Double) -> String {
        let r = (value * 10_000).rounded() / 10_000
        if r == r.rounded(), abs(r) < 1e15 { return String(Int(r)) }
        var s = String(r)
        if s.contains("e") { return s }
        while s.hasSuffix("0") { s.removeLast() }
        return s
    }

    /// The parameters as short sentences.
    public static func parameters(_ p: SickLeaveParameters) -> [String] {
        let basis =
            p.lengthBasis == .span
            ? "calendar days from first to last sick date (bridged days included)" : "number of sick dates"
        let mode: String
        switch p.classification {
        case .retroactive: mode = "a long spell is long-term on every date (earlier months are restated)"
        case .asOf:
            mode =
                "a date is long-term when the spell, as known at the end of its month, is long (closed months never change)"
        case .dayPosition: mode = "a date is long-term once the spell up to that date is long"
        }
        return [
            "sickness codes " + p.codes.joined(separator: ", "),
            "counted employment forms " + p.population.joined(separator: ", "),
            "a half day counts \(number(p.halfDayWeight)) day",
            "up to \(p.linkGapDays) unregistered days are bridged within one spell",
            "spell length = " + basis,
            "long-term when the length is \(p.longTermComparison == .greaterThan ? "more than" : "at least") \(p.longTermThresholdDays) days",
            mode,
            "FTE = weekly hours / \(number(p.fullTimeHours))",
        ]
    }
}

extension SickLeaveEngine {
    /// Explains one employee's figures for one month. Registrations count as late when
    /// registered more than `lateAfterDays` days after the date they concern.
    public func explain(_ employee: EmployeeInput, month: YearMonth, lateAfterDays: Int = 7) -> SickLeaveExplanation {
        let a = analyse(employee)
        let p = definition.parameters
        let monthFirst = month.firstDay.dayNumber
        let monthLast = month.lastDay.dayNumber
        var windowFirst = monthFirst
        var windowLast = monthLast
        var spellIndices: [Int] = []
        for (s, sp) in a.spells.enumerated() where a.dates[sp.lo] <= monthLast && a.dates[sp.hi] >= monthFirst {
            spellIndices.append(s)
            windowFirst = min(windowFirst, a.dates[sp.lo])
            windowLast = max(windowLast, a.dates[sp.hi])
        }

        // Registrations.
        var regs: [SickLeaveExplanation.Registration] = []
        let order = employee.registrations.indices.filter {
            let d = employee.registrations[$0].date.dayNumber
            return d >= windowFirst && d <= windowLast
        }.sorted {
            let x = employee.registrations[$0]
            let y = employee.registrations[$1]
            return (x.date, x.deliveryOrder, $0) < (y.date, y.deliveryOrder, $1)
        }
        for i in order {
            let r = employee.registrations[i]
            var at: String?
            var after: Int?
            if let instant = r.registeredAt {
                let local = CopenhagenTime.local(fromUTC: instant)
                let minutes = local.secondOfDay / 60
                at = "\(local.day.iso) \(pad2(minutes / 60)):\(pad2(minutes % 60))"
                after = local.day.dayNumber - r.date.dayNumber
            }
            let status: String
            let text: String
            switch a.registrationStatus[i] {
            case .used: (status, text) = ("used", p.codes.contains(r.code) ? "used as a sick registration" : "used")
            case .superseded: (status, text) = ("superseded", "replaced by a newer version of the same registration")
            case .retracted: (status, text) = ("retracted", "retracted later (deleted = 1); not a sick registration")
            case .retraction: (status, text) = ("retraction", "retraction (deleted = 1) of an earlier registration")
            case .codeNotCounted:
                (status, text) = ("code_not_counted", "\(r.code) is not counted as own sickness in this definition")
            case .afterCutoff: (status, text) = ("after_cutoff", "registered after the knowledge cut-off; ignored")
            }
            regs.append(
                .init(
                    absenceId: r.absenceId, date: r.date, code: r.code, part: r.part.rawValue,
                    source: r.source.description,
                    registeredAt: at, registeredDaysAfter: after, isLate: (after ?? 0) > lateAfterDays, status: status,
                    statusText: text))
        }

        // Spells.
        var spells: [SickLeaveExplanation.Spell] = []
        for s in spellIndices {
            let sp = a.spells[s]
            let first = a.dates[sp.lo]
            let last = a.dates[sp.hi]
            var bridged: [CalendarDay] = []
            var lost = 0.0
            for k in sp.lo...sp.hi {
                lost += a.weights[k]
                if k > sp.lo {
                    for d in (a.dates[k - 1] + 1)..<a.dates[k] { bridged.append(CalendarDay(dayNumber: d)) }
                }
            }
            let span = last - first + 1
            let count = sp.hi - sp.lo + 1
            let length = p.lengthBasis == .span ? span : count
            let longFrom = (sp.lo...sp.hi).first { a.dateLong[$0] }.map { CalendarDay(dayNumber: a.dates[$0]) }
            let basisWord = p.lengthBasis == .span ? "calendar days" : "sick dates"
            let cmp = p.longTermComparison == .greaterThan ? "more than" : "at least"
            var verdict = "Length \(length) \(basisWord); long-term needs \(cmp) \(p.longTermThresholdDays): "
            verdict +=
                a.spellLong[s] ? "the spell as known now IS long-term." : "the spell as known now is NOT long-term."
            if let f = longFrom {
                verdict +=
                    " Under '\(p.classification.rawValue)' its dates are long-term from \(SickLeaveWords.date(f))."
            } else {
                verdict += " Under '\(p.classification.rawValue)' all its dates are short-term."
            }
            spells.append(
                .init(
                    spellNo: s + 1, firstDate: CalendarDay(dayNumber: first), lastDate: CalendarDay(dayNumber: last),
                    spanDays: span,
                    sickDays: count, daysLost: lost, bridgedDates: bridged, length: length, isLongTerm: a.spellLong[s],
                    longTermFrom: longFrom, verdict: verdict))
        }

        // Days.
        var days: [SickLeaveExplanation.Day] = []
        var short = 0.0
        var long = 0.0
        var lostFTE = 0.0
        var available = 0.0
        var k = a.dates.firstIndex { $0 >= monthFirst } ?? a.dates.count
        for d in monthFirst...monthLast {
            let piece = a.pieces.first { $0.from <= d && d <= $0.to }
            let period = piece.map { employee.employments[$0.period] }
            let counted = piece?.counted ?? false
            let fte = counted ? (period!.weeklyHours / p.fullTimeHours) : 0
            if counted { available += fte }
            let fteText =
                "FTE \(SickLeaveWords.number(fte)) (\(SickLeaveWords.number(period?.weeklyHours ?? 0)) h/week)"
            let date = CalendarDay(dayNumber: d)
            if k < a.dates.count, a.dates[k] == d {
                let w = a.weights[k]
                let s = a.dateSpell[k]
                let sp = a.spells[s]
                let isLong = a.dateLong[k]
                if isLong { long += w } else { short += w }
                lostFTE += w * fte
                let position = d - a.dates[sp.lo] + 1
                let part = w < 1 ? "sick, part day (weight \(SickLeaveWords.number(w)))" : "sick"
                let rule =
                    "\(part): \(isLong ? "LONG-TERM" : "short-term") — \(classificationReason(a: a, k: k, spell: s)); \(fteText)"
                days.append(
                    .init(
                        date: date, state: w < 1 ? "half" : "sick", weight: w,
                        classification: isLong ? "long" : "short", spellNo: s + 1,
                        dayOfSpell: position, rule: rule,
                        reason:
                            "day \(position) of spell \(s + 1), \(rule); \(SickLeaveWords.number(w * fte)) FTE days lost",
                        fte: fte, fteLost: w * fte, unitId: period?.unitId))
                k += 1
                continue
            }
            if let s = a.spells.firstIndex(where: { a.dates[$0.lo] < d && d < a.dates[$0.hi] }) {
                let rule =
                    "no sick registration, but bridged inside the spell (gaps of at most \(p.linkGapDays) days are bridged); not a day lost"
                let position = d - a.dates[a.spells[s].lo] + 1
                days.append(
                    .init(
                        date: date, state: "bridged", weight: 0, classification: nil, spellNo: s + 1,
                        dayOfSpell: position, rule: rule,
                        reason: "day \(position) of spell \(s + 1), \(rule)", fte: fte, fteLost: 0,
                        unitId: period?.unitId))
                continue
            }
            func plain(_ state: String, _ rule: String) {
                days.append(
                    .init(
                        date: date, state: state, weight: 0, classification: nil, spellNo: nil, dayOfSpell: nil,
                        rule: rule, reason: rule, fte: fte, fteLost: 0, unitId: period?.unitId))
            }
            if let x = a.excluded.first(where: { $0.day == d }) {
                switch x.reason {
                case .outsideEmployment:
                    plain("not_counted", "sick registration outside any employment: not counted (data-quality finding)")
                case .outsidePopulation(let form):
                    plain(
                        "not_counted",
                        "sick registration while employed as \(form), a form outside the counted population: not counted"
                    )
                case .afterHorizon: plain("not_counted", "sick registration after the build horizon: not counted yet")
                }
                continue
            }
            if counted {
                plain("not_sick", "employed, not sick; \(fteText) available")
            } else if let period {
                plain("not_employed", "employed as \(period.form), outside the counted population: no FTE available")
            } else {
                plain("not_employed", "no employment: no FTE available")
            }
        }
        let findings = a.result.findings.filter { $0.date.dayNumber >= windowFirst && $0.date.dayNumber <= windowLast }
            .map(\.message)
        return SickLeaveExplanation(
            definition: definition.reference, definitionVersion: definition.version,
            parameters: SickLeaveWords.parameters(p),
            employeeId: employee.employeeId, month: month, registrations: regs, spells: spells, days: days,
            shortDays: short,
            longDays: long, fteDaysLost: round4(lostFTE), fteDaysAvailable: round4(available), findings: findings)
    }

    func classificationReason(a: Analysis, k: Int, spell s: Int) -> String {
        let sp = a.spells[s]
        let first = a.dates[sp.lo]
        let basisWord = p.lengthBasis == .span ? "calendar days" : "sick dates"
        let cmp = p.longTermComparison.rawValue
        let t = p.longTermThresholdDays
        switch p.classification {
        case .retroactive:
            let length = p.lengthBasis == .span ? a.dates[sp.hi] - first + 1 : sp.hi - sp.lo + 1
            return "the whole spell is \(length) \(basisWord), \(a.spellLong[s] ? "" : "not ")\(cmp) \(t)"
        case .dayPosition:
            let length = p.lengthBasis == .span ? a.dates[k] - first + 1 : k - sp.lo + 1
            return "the spell up to this date is \(length) \(basisWord), \(a.dateLong[k] ? "" : "not ")\(cmp) \(t)"
        case .asOf:
            let ym = CalendarDay(dayNumber: a.dates[k]).yearMonth
            let end = ym.lastDay.dayNumber
            var j = k
            while j + 1 <= sp.hi, a.dates[j + 1] <= end { j += 1 }
            let length = p.lengthBasis == .span ? a.dates[j] - first + 1 : j - sp.lo + 1
            return
                "the spell as known at the end of \(SickLeaveWords.monthName(ym)) is \(length) \(basisWord), \(a.dateLong[k] ? "" : "not ")\(cmp) \(t)"
        }
    }

    func pad2(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
}
