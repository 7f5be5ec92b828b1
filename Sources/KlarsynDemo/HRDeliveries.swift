import KlarsynCore

/// Builds the payroll vendor's org-unit and employment deliveries from the unit tree and the
/// employment histories: a snapshot in the first file, then per month the periods that started or
/// changed (a period is delivered open when it starts and again when it ends).
struct HRDeliveries {
    let org: Organisation
    let workforce: Workforce
    let calendar: SimCalendar

    /// The monthly file a change on day `offset` goes into (0 = the opening snapshot).
    func monthFile(_ offset: Int) -> Int { offset <= 0 ? 0 : calendar.monthIndex(offset) + 1 }

    func orgUnitFiles() -> [ByteSink] {
        var sinks = [ByteSink](repeating: ByteSink(), count: calendar.months.count + 1)
        for unit in org.units {
            let name = Encoded.cp1252(unit.name)
            for p in unit.periods where p.to >= 0 && p.from < calendar.days {
                let open = monthFile(p.from)
                let closes = p.to < calendar.days
                let close = closes ? calendar.monthIndex(p.to) + 1 : -1
                func row(_ f: Int, withEnd: Bool) {
                    var s = ByteSink()
                    swap(&s, &sinks[f])
                    s.raw(Array(unit.id.utf8))
                    s.byte(59)
                    if p.parent >= 0 { s.raw(Array(org.units[p.parent].id.utf8)) }
                    s.byte(59)
                    s.raw(name)
                    s.byte(59)
                    s.raw(Array(unit.type.utf8))
                    s.byte(59)
                    s.danishDay(calendar.day(p.from))
                    s.byte(59)
                    if withEnd { s.danishDay(calendar.day(p.to)) }
                    s.endRow(true)
                    swap(&s, &sinks[f])
                }
                if closes && close == open {
                    row(open, withEnd: true)
                } else {
                    row(open, withEnd: false)
                    if closes { row(close, withEnd: true) }
                }
            }
        }
        return sinks
    }

    static let occupationTitles = Catalogue.occupations.map { Encoded.cp1252($0.title) }
    static let formNames = Catalogue.forms.map { Encoded.cp1252($0) }
    static let reasons = Catalogue.leaveReasons.map { Encoded.cp1252($0) }

    func employmentFiles() -> [ByteSink] {
        var sinks = [ByteSink](repeating: ByteSink(), count: calendar.months.count + 1)
        for e in workforce.employees {
            let occupation = Catalogue.occupations[e.occupation]
            for p in e.periods where p.to >= 0 && p.from < calendar.days {
                let open = monthFile(p.from)
                let closes = p.to < calendar.days
                let close = closes ? calendar.monthIndex(p.to) + 1 : -1
                func row(_ f: Int, withEnd: Bool) {
                    var s = ByteSink()
                    swap(&s, &sinks[f])
                    s.byte(69)
                    s.padded(e.number, 7)
                    s.byte(59)
                    s.int(e.birthYear)
                    s.byte(59)
                    s.byte(e.female ? 75 : 77)
                    s.byte(59)
                    s.raw(Array(occupation.code.utf8))
                    s.byte(59)
                    s.raw(HRDeliveries.occupationTitles[e.occupation])
                    s.byte(59)
                    s.raw(HRDeliveries.formNames[Int(p.form)])
                    s.byte(59)
                    s.decimal(hundredths: p.hours * 100)
                    s.byte(59)
                    s.raw(Array(org.units[p.unit].id.utf8))
                    s.byte(59)
                    s.danishDay(calendar.day(p.from))
                    s.byte(59)
                    if withEnd { s.danishDay(calendar.day(p.to)) }
                    s.byte(59)
                    if withEnd { s.raw(HRDeliveries.reasons[Int(p.reason)]) }
                    s.endRow(true)
                    swap(&s, &sinks[f])
                }
                if closes && close == open {
                    row(open, withEnd: true)
                } else {
                    row(open, withEnd: false)
                    if closes { row(close, withEnd: true) }
                }
            }
        }
        return sinks
    }
}
