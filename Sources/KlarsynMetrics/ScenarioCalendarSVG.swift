import KlarsynCore

/// Draws a scenario as month calendars an HR partner can read without training: sick, half and
/// bridged days, each spell, and the day it turns long-term, with a legend. Meaning never rests
/// on colour alone: every state has a pattern and a letter, and `<title>`/`<desc>` carry the
/// story in words for screen readers.
public enum ScenarioCalendarSVG {
    /// Danish weekday headers, Monday first.
    public static let weekdayHeaders = ["Ma", "Ti", "On", "To", "Fr", "Lø", "Sø"]

    enum State {
        case none, short, long, halfShort, halfLong, bridged, retracted, notCounted
    }

    /// Renders the scenario under one definition version as a standalone SVG document.
    public static func render(_ scenario: Scenario, definition: SickLeaveDefinition) -> String {
        let engine = SickLeaveEngine(definition: definition, through: scenario.horizon)
        let input = scenario.employeeInput()
        let a = engine.analyse(input)
        let months = scenario.months.isEmpty ? [scenario.horizon.yearMonth] : scenario.months

        var state: [Int: State] = [:]
        var spellOf: [Int: Int] = [:]
        for (s, sp) in a.spells.enumerated() {
            for d in a.dates[sp.lo]...a.dates[sp.hi] {
                state[d] = .bridged
                spellOf[d] = s
            }
        }
        for k in a.dates.indices {
            let half = a.weights[k] < 1
            state[a.dates[k]] = a.dateLong[k] ? (half ? .halfLong : .long) : (half ? .halfShort : .short)
        }
        for x in a.excluded where state[x.day] == nil { state[x.day] = .notCounted }
        for (i, r) in input.registrations.enumerated() where state[r.date.dayNumber] == nil {
            switch a.registrationStatus[i] {
            case .retraction, .retracted: state[r.date.dayNumber] = .retracted
            case .codeNotCounted: state[r.date.dayNumber] = .notCounted
            default: break
            }
        }
        let turnsLong = a.dates.indices.first { a.dateLong[$0] }.map { a.dates[$0] }

        let cell = 46
        let monthWidth = cell * 7
        let gap = 28
        let perRow = min(3, months.count)
        let monthHeight = 40 + 24 + cell * 6
        let rows = (months.count + perRow - 1) / perRow
        let width0 = max(perRow * monthWidth + (perRow - 1) * gap + 40, 640)
        let titleLines = wrap(scenario.question, maxCharacters: (width0 - 40) / 12)
        let headerHeight = 50 + titleLines.count * 22
        let legendTop = headerHeight + rows * (monthHeight + gap)
        let legendItems = legend(turnsLong: turnsLong != nil)
        let width = width0
        let height = legendTop + 30 + legendItems.count * 30 + 20

        let actuals = ScenarioRunner.actuals(scenario, definition: definition)
        var desc = "Calendar for scenario \(scenario.id) under \(definition.reference). "
        desc += "\(actuals.spells) spell\(actuals.spells == 1 ? "" : "s")"
        if !a.spells.isEmpty {
            desc +=
                ": "
                + a.spells.enumerated().map { s, sp in
                    "spell \(s + 1) from \(SickLeaveWords.date(CalendarDay(dayNumber: a.dates[sp.lo]))) to \(SickLeaveWords.date(CalendarDay(dayNumber: a.dates[sp.hi]))), \(sp.hi - sp.lo + 1) sick dates, \(a.spellLong[s] ? "long-term" : "not long-term")"
                }.joined(separator: "; ")
        }
        desc +=
            ". Days lost \(SickLeaveWords.number(actuals.daysLost)), of which \(SickLeaveWords.number(actuals.longTermDays)) long-term and \(SickLeaveWords.number(actuals.shortTermDays)) short-term."
        if let t = turnsLong { desc += " Turns long-term on \(SickLeaveWords.date(CalendarDay(dayNumber: t)))." }
        let bridgedCount = state.values.filter { if case .bridged = $0 { return true } else { return false } }.count
        if bridgedCount > 0 {
            desc += " \(bridgedCount) bridged day\(bridgedCount == 1 ? "" : "s") without registration."
        }

        var s = ""
        s +=
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-labelledby=\"t d\" font-family=\"Verdana, Arial, sans-serif\">\n"
        s += "<title id=\"t\">\(esc("Scenario \(scenario.id): \(scenario.question)"))</title>\n"
        s += "<desc id=\"d\">\(esc(desc))</desc>\n"
        s += """
            <defs>
            <pattern id="p-short" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" fill="#dbe8f6"/><line x1="0" y1="0" x2="0" y2="8" stroke="#1f4e8c" stroke-width="3"/></pattern>
            <pattern id="p-long" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="#f9dcc4"/><path d="M0 0L8 8M8 0L0 8" stroke="#8a3b00" stroke-width="1.6"/></pattern>
            <pattern id="p-bridged" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#ffffff"/><circle cx="3" cy="3" r="1" fill="#555"/></pattern>
            </defs>

            """
        s += "<rect width=\"\(width)\" height=\"\(height)\" fill=\"#ffffff\"/>\n"
        for (i, line) in titleLines.enumerated() {
            s +=
                "<text x=\"20\" y=\"\(28 + i * 22)\" font-size=\"18\" font-weight=\"bold\" fill=\"#111\">\(esc(line))</text>\n"
        }
        s +=
            "<text x=\"20\" y=\"\(28 + titleLines.count * 22)\" font-size=\"13\" fill=\"#333\">\(esc("Scenario \(scenario.id) · definition \(definition.reference) · \(actuals.spells) spell(s), \(SickLeaveWords.number(actuals.daysLost)) days lost, \(SickLeaveWords.number(actuals.longTermDays)) long-term"))</text>\n"

        for (mi, month) in months.enumerated() {
            let ox = 20 + (mi % perRow) * (monthWidth + gap)
            let oy = headerHeight + (mi / perRow) * (monthHeight + gap)
            let name = SickLeaveWords.danishMonths[month.month - 1]
            s += "<g aria-label=\"\(name) \(month.year)\">\n"
            s +=
                "<text x=\"\(ox)\" y=\"\(oy + 24)\" font-size=\"16\" font-weight=\"bold\" fill=\"#111\">\(name.prefix(1).uppercased() + name.dropFirst()) \(month.year)</text>\n"
            for (wi, h) in weekdayHeaders.enumerated() {
                s +=
                    "<text x=\"\(ox + wi * cell + cell / 2)\" y=\"\(oy + 54)\" font-size=\"13\" text-anchor=\"middle\" fill=\"#333\" font-weight=\"bold\">\(h)</text>\n"
            }
            let first = month.firstDay
            let offset = first.weekday.rawValue - 1
            for day in 0..<month.numberOfDays {
                let dn = first.dayNumber + day
                let slot = offset + day
                let x = ox + (slot % 7) * cell
                let y = oy + 64 + (slot / 7) * cell
                let st = state[dn] ?? State.none
                s += dayCell(x: x, y: y, size: cell, day: day + 1, state: st, turnsLong: dn == turnsLong)
                if let sp = spellOf[dn] {
                    // spell band along the bottom of the cell, labelled on the spell's first day
                    s += "<rect x=\"\(x)\" y=\"\(y + cell - 11)\" width=\"\(cell)\" height=\"10\" fill=\"#222\"/>\n"
                    if dn == a.dates[a.spells[sp].lo] || slot % 7 == 0 || day == 0 {
                        s +=
                            "<text x=\"\(x + 3)\" y=\"\(y + cell - 3)\" font-size=\"8\" fill=\"#ffffff\">forløb \(sp + 1)</text>\n"
                    }
                }
            }
            s += "</g>\n"
        }

        s +=
            "<g aria-label=\"Legend\">\n<text x=\"20\" y=\"\(legendTop + 16)\" font-size=\"14\" font-weight=\"bold\" fill=\"#111\">Legend</text>\n"
        for (i, item) in legendItems.enumerated() {
            let y = legendTop + 30 + i * 30
            s += dayCell(x: 20, y: y, size: 24, day: nil, state: item.state, turnsLong: item.turnsLong, swatch: true)
            if item.spellBand { s += "<rect x=\"20\" y=\"\(y + 14)\" width=\"24\" height=\"10\" fill=\"#222\"/>\n" }
            s += "<text x=\"54\" y=\"\(y + 17)\" font-size=\"13\" fill=\"#111\">\(esc(item.text))</text>\n"
        }
        s += "</g>\n</svg>\n"
        return s
    }

    struct LegendItem {
        var state: State
        var turnsLong = false
        var spellBand = false
        var text: String
    }

    static func legend(turnsLong: Bool) -> [LegendItem] {
        var items = [
            LegendItem(state: .short, text: "S — sick, short-term (hatched lines)"),
            LegendItem(state: .long, text: "L — sick, long-term (cross-hatched)"),
            LegendItem(state: .halfShort, text: "½ — half day sick (half the square)"),
            LegendItem(
                state: .bridged, text: "b — bridged: no registration, but part of the spell (dotted, not a day lost)"),
            LegendItem(state: .retracted, text: "× — registration retracted later (not sick)"),
            LegendItem(
                state: .notCounted, text: "– — registered, but not counted (other code or outside the population)"),
            LegendItem(state: .none, spellBand: true, text: "black bar — one spell (forløb) of connected sick days"),
        ]
        if turnsLong {
            items.append(
                LegendItem(state: .long, turnsLong: true, text: "★ thick frame — the day the absence turns long-term"))
        }
        return items
    }

    static func dayCell(x: Int, y: Int, size: Int, day: Int?, state: State, turnsLong: Bool, swatch: Bool = false)
        -> String
    {
        var s =
            "<rect x=\"\(x + 1)\" y=\"\(y + 1)\" width=\"\(size - 2)\" height=\"\(size - 2)\" fill=\"#ffffff\" stroke=\"#999\"/>\n"
        let inner = "x=\"\(x + 1)\" y=\"\(y + 1)\" width=\"\(size - 2)\" height=\"\(size - 2)\""
        var mark = ""
        switch state {
        case .none: break
        case .short:
            s += "<rect \(inner) fill=\"url(#p-short)\" stroke=\"#1f4e8c\"/>\n"
            mark = "S"
        case .long:
            s += "<rect \(inner) fill=\"url(#p-long)\" stroke=\"#8a3b00\"/>\n"
            mark = "L"
        case .halfShort, .halfLong:
            let fill = state == .halfShort ? "url(#p-short)" : "url(#p-long)"
            s +=
                "<path d=\"M\(x + 1) \(y + 1)H\(x + size - 1)L\(x + 1) \(y + size - 1)Z\" fill=\"\(fill)\" stroke=\"#333\"/>\n"
            mark = state == .halfShort ? "½S" : "½L"
        case .bridged:
            s += "<rect \(inner) fill=\"url(#p-bridged)\" stroke=\"#555\" stroke-dasharray=\"3 2\"/>\n"
            mark = "b"
        case .retracted:
            mark = "×"
        case .notCounted:
            mark = "–"
        }
        if turnsLong {
            s +=
                "<rect x=\"\(x + 2)\" y=\"\(y + 2)\" width=\"\(size - 4)\" height=\"\(size - 4)\" fill=\"none\" stroke=\"#000\" stroke-width=\"3\"/>\n"
        }
        let big = swatch ? 11 : 13
        if let day {
            s +=
                "<text x=\"\(x + 4)\" y=\"\(y + 14)\" font-size=\"11\" fill=\"#000\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">\(day)</text>\n"
        }
        if !mark.isEmpty || turnsLong {
            let label = (turnsLong ? "★" : "") + mark
            let tx = swatch ? x + size / 2 : x + size - 4
            let anchor = swatch ? "middle" : "end"
            let ty = swatch ? y + size / 2 + 4 : y + size - 16
            s +=
                "<text x=\"\(tx)\" y=\"\(ty)\" font-size=\"\(big)\" font-weight=\"bold\" text-anchor=\"\(anchor)\" fill=\"#000\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">\(label)</text>\n"
        }
        return s
    }

    static func wrap(_ text: String, maxCharacters: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if !current.isEmpty, current.count + 1 + word.count > maxCharacters {
                lines.append(current)
                current = String(word)
            } else {
                current += current.isEmpty ? String(word) : " " + word
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines.isEmpty ? [""] : lines
    }

    static func esc(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }
}
