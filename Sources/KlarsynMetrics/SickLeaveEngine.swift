public import KlarsynCore

/// The sick-leave definition engine (`definitions/sick-leave.md`), one employee at a time.
///
/// `compute` is a pure function of one employee's inputs, the definition, the unit tree, the
/// horizon and the optional knowledge cut-off, so a build can stream employees with bounded
/// memory, run them in parallel, and recompute only touched employees.
///
/// ```swift
/// let engine = SickLeaveEngine(definition: v1, units: tree, through: CalendarDay(iso: "2024-12-31")!)
/// var units = SickLeaveUnitAggregator(units: tree, definitionVersion: v1.version)
/// for employee in employees {
///     let result = engine.compute(employee)
///     write(result.spells, result.months)
///     units.add(result)
/// }
/// write(units.rows())
/// ```
public struct SickLeaveEngine: Sendable {
    /// The definition version computed.
    public let definition: SickLeaveDefinition
    /// The unit tree through time.
    public let units: UnitTree
    /// Last day computed: open employments end here, later sick dates are not counted yet.
    public let horizon: CalendarDay
    /// Knowledge cut-off (seconds since the epoch, UTC): registrations registered later are ignored.
    public let knownAt: Int?

    let p: SickLeaveParameters

    /// Creates an engine. `through` is the build's horizon (usually the last delivered day);
    /// `knownAt` reproduces what was known at an instant (e.g. the vendor's cut-off).
    public init(
        definition: SickLeaveDefinition, units: UnitTree = .empty, through horizon: CalendarDay, knownAt: Int? = nil
    ) {
        self.definition = definition
        self.units = units
        self.horizon = horizon
        self.knownAt = knownAt
        self.p = definition.parameters
    }

    /// Computes spells, employee-months and unit contributions for one employee.
    public func compute(_ employee: EmployeeInput) -> EmployeeSickLeaveResult {
        analyse(employee).result
    }

    // MARK: - Analysis (shared by compute and explain)

    enum RegistrationStatus: Equatable {
        case used, superseded, retracted, retraction, codeNotCounted, afterCutoff
    }

    enum Exclusion: Equatable {
        case outsideEmployment, outsidePopulation(String), afterHorizon
    }

    struct Piece {
        var from: Int
        var to: Int
        var period: Int
        var counted: Bool
    }

    struct Analysis {
        var registrationStatus: [RegistrationStatus] = []
        /// Counted sick dates (day numbers), their weights, piece, spell and classification.
        var dates: [Int] = []
        var weights: [Double] = []
        var datePiece: [Int] = []
        var dateSpell: [Int] = []
        var dateLong: [Bool] = []
        /// Sick dates not counted and why.
        var excluded: [(day: Int, weight: Double, reason: Exclusion)] = []
        var pieces: [Piece] = []
        /// Spells as index ranges into `dates`.
        var spells: [(lo: Int, hi: Int)] = []
        var spellLong: [Bool] = []
        var result: EmployeeSickLeaveResult
    }

    func analyse(_ employee: EmployeeInput) -> Analysis {
        let regs = employee.registrations
        let version = definition.version
        var a = Analysis(
            result: EmployeeSickLeaveResult(
                employeeId: employee.employeeId, definitionVersion: version, spells: [], months: [],
                unitContributions: [], extraUnitIds: [], findings: []))

        // 1. Newest version of each absence_id; deleted retracts; codes.
        var status = [RegistrationStatus](repeating: .superseded, count: regs.count)
        var live: [Int] = []
        live.reserveCapacity(regs.count)
        for i in regs.indices {
            if let cut = knownAt, let at = regs[i].registeredAt, at > cut {
                status[i] = .afterCutoff
            } else {
                live.append(i)
            }
        }
        // Newest version per absence id, in one pass over an open-addressing table keyed by a
        // 64-bit hash of the id (ids are compared only when hashes are equal). No sort.
        var capacity = 16
        while capacity < live.count * 2 { capacity <<= 1 }
        let mask = capacity - 1
        var slotHash = [UInt64](repeating: 0, count: capacity)
        var slotWinner = [Int](repeating: -1, count: capacity)
        var groupOf = [Int](repeating: -1, count: regs.count)  // slot of each live version
        for i in live {
            let h = Self.fnv1a(regs[i].absenceId)
            var slot = Int(truncatingIfNeeded: h) & mask
            while true {
                let w = slotWinner[slot]
                if w < 0 {
                    slotHash[slot] = h
                    slotWinner[slot] = i
                    break
                }
                if slotHash[slot] == h, regs[w].absenceId == regs[i].absenceId {
                    if (regs[i].deliveryOrder, i) > (regs[w].deliveryOrder, w) { slotWinner[slot] = i }
                    break
                }
                slot = (slot + 1) & mask
            }
            groupOf[i] = slot
        }
        var candidates: [(day: Int, weight: Double)] = []
        candidates.reserveCapacity(live.count)
        var sortedByDay = true
        for i in live {
            let winner = slotWinner[groupOf[i]]
            if regs[winner].deleted {
                status[i] = i == winner ? .retraction : .retracted
            } else if i != winner {
                status[i] = .superseded
            } else if p.codes.contains(regs[i].code) {
                status[i] = .used
                let d = regs[i].date.dayNumber
                if let last = candidates.last, last.day > d { sortedByDay = false }
                candidates.append((d, regs[i].part == .full ? 1 : p.halfDayWeight))
            } else {
                status[i] = .codeNotCounted
            }
        }
        a.registrationStatus = status
        if !sortedByDay { candidates.sort { $0.day < $1.day } }

        // 2. Employment pieces: non-overlapping, counted forms preferred, then the latest start.
        buildPieces(employee, into: &a)

        // 3. Counted sick dates: weight = min(1, Σ parts), only inside counted employment.
        var pi = 0
        var c = 0
        while c < candidates.count {
            let day = candidates[c].day
            var w = 0.0
            while c < candidates.count, candidates[c].day == day {
                w += candidates[c].weight
                c += 1
            }
            w = min(1, w)
            while pi < a.pieces.count, a.pieces[pi].to < day { pi += 1 }
            if pi < a.pieces.count, a.pieces[pi].from <= day {
                if a.pieces[pi].counted {
                    a.dates.append(day)
                    a.weights.append(w)
                    a.datePiece.append(pi)
                } else {
                    a.excluded.append((day, w, .outsidePopulation(employee.employments[a.pieces[pi].period].form)))
                }
            } else if day > horizon.dayNumber {
                a.excluded.append((day, w, .afterHorizon))
            } else {
                a.excluded.append((day, w, .outsideEmployment))
            }
        }
        for x in a.excluded {
            switch x.reason {
            case .outsideEmployment:
                a.result.findings.append(
                    SickLeaveFinding(
                        employeeId: employee.employeeId, kind: .sickDateOutsideEmployment,
                        date: CalendarDay(dayNumber: x.day),
                        message:
                            "sick registration on \(CalendarDay(dayNumber: x.day).iso) lies outside every employment period; not counted — check the employment history"
                    ))
            case .afterHorizon:
                a.result.findings.append(
                    SickLeaveFinding(
                        employeeId: employee.employeeId, kind: .sickDateAfterHorizon,
                        date: CalendarDay(dayNumber: x.day),
                        message:
                            "sick registration on \(CalendarDay(dayNumber: x.day).iso) is after the build horizon \(horizon.iso); counted in a later build"
                    ))
            case .outsidePopulation: break
            }
        }

        // 4. Spells and lengths.
        let n = a.dates.count
        a.dateSpell = [Int](repeating: 0, count: n)
        a.dateLong = [Bool](repeating: false, count: n)
        var lo = 0
        while lo < n {
            var hi = lo
            while hi + 1 < n, a.dates[hi + 1] - a.dates[hi] - 1 <= p.linkGapDays { hi += 1 }
            a.spells.append((lo, hi))
            lo = hi + 1
        }
        for (s, sp) in a.spells.enumerated() {
            let long = isLong(first: a.dates[sp.lo], last: a.dates[sp.hi], count: sp.hi - sp.lo + 1)
            a.spellLong.append(long)
            var lost = 0.0
            for k in sp.lo...sp.hi {
                a.dateSpell[k] = s
                lost += a.weights[k]
            }
            a.result.spells.append(
                SickSpellRow(
                    employeeId: employee.employeeId, spellNo: s + 1, firstDate: CalendarDay(dayNumber: a.dates[sp.lo]),
                    lastDate: CalendarDay(dayNumber: a.dates[sp.hi]), spanDays: a.dates[sp.hi] - a.dates[sp.lo] + 1,
                    sickDays: sp.hi - sp.lo + 1, daysLost: lost, isLongTerm: long, definitionVersion: version))

            // 5. Classification of each date.
            switch p.classification {
            case .retroactive:
                for k in sp.lo...sp.hi { a.dateLong[k] = long }
            case .dayPosition:
                for k in sp.lo...sp.hi {
                    a.dateLong[k] = isLong(first: a.dates[sp.lo], last: a.dates[k], count: k - sp.lo + 1)
                }
            case .asOf:
                var j = sp.lo
                var monthEnd = Int.min
                for k in sp.lo...sp.hi {
                    if a.dates[k] > monthEnd {
                        monthEnd = CalendarDay(dayNumber: a.dates[k]).yearMonth.lastDay.dayNumber
                    }
                    if j < k { j = k }
                    while j + 1 <= sp.hi, a.dates[j + 1] <= monthEnd { j += 1 }
                    a.dateLong[k] = isLong(first: a.dates[sp.lo], last: a.dates[j], count: j - sp.lo + 1)
                }
            }
        }

        // 6–9. Months, FTE, attribution, spell counts.
        accumulate(employee, into: &a)
        return a
    }

    /// FNV-1a over the UTF-8 bytes: a cheap, stable grouping key for absence ids.
    @inline(__always) static func fnv1a(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 {
            h ^= UInt64(b)
            h &*= 0x100_0000_01b3
        }
        return h
    }

    @inline(__always) func isLong(first: Int, last: Int, count: Int) -> Bool {
        let length = p.lengthBasis == .span ? last - first + 1 : count
        return p.longTermComparison.isLongTerm(length: length, threshold: p.longTermThresholdDays)
    }

    func isCounted(_ form: String) -> Bool { p.population.contains(form) }

    func buildPieces(_ employee: EmployeeInput, into a: inout Analysis) {
        let periods = employee.employments
        let limit = horizon.dayNumber
        var bounds: [Int] = []
        bounds.reserveCapacity(periods.count * 2)
        for q in periods {
            let end = min(q.to?.dayNumber ?? Int.max, limit)
            guard end >= q.from.dayNumber else { continue }
            bounds.append(q.from.dayNumber)
            bounds.append(end + 1)
        }
        guard !bounds.isEmpty else { return }
        bounds.sort()
        var overlapReported = false
        var previous = bounds[0]
        for b in bounds.dropFirst() where b != previous {
            let start = previous
            let end = b - 1
            previous = b
            var best = -1
            var covering = 0
            for (i, q) in periods.enumerated() {
                let qEnd = min(q.to?.dayNumber ?? Int.max, limit)
                guard q.from.dayNumber <= start, qEnd >= end else { continue }
                covering += 1
                if best < 0 {
                    best = i
                    continue
                }
                let b0 = periods[best]
                let key = (isCounted(q.form) ? 1 : 0, q.from.dayNumber, i)
                let bestKey = (isCounted(b0.form) ? 1 : 0, b0.from.dayNumber, best)
                if key > bestKey { best = i }
            }
            guard best >= 0 else { continue }
            if covering > 1, !overlapReported {
                overlapReported = true
                a.result.findings.append(
                    SickLeaveFinding(
                        employeeId: employee.employeeId, kind: .overlappingEmployment,
                        date: CalendarDay(dayNumber: start),
                        message:
                            "\(covering) employment periods cover \(CalendarDay(dayNumber: start).iso); used the one starting \(periods[best].from.iso) (\(periods[best].form), \(periods[best].weeklyHours) h/week) — correct the employment history"
                    ))
            }
            if let last = a.pieces.last, last.period == best, last.to == start - 1 {
                a.pieces[a.pieces.count - 1].to = end
            } else {
                a.pieces.append(Piece(from: start, to: end, period: best, counted: isCounted(periods[best].form)))
            }
        }
    }

    func accumulate(_ employee: EmployeeInput, into a: inout Analysis) {
        let version = definition.version
        let unitCount = units.count
        var k = 0
        var spellStartAt = [Bool](repeating: false, count: a.dates.count)
        for sp in a.spells { spellStartAt[sp.lo] = true }
        var blockStart = -1  // first contribution of the current (chain, month) block
        var blockChainKey = -1
        var blockMonth = -1
        var reportedMissingUnits: [String] = []
        var months: [EmployeeMonthRow] = []
        var contributions: [UnitMonthContribution] = []
        months.reserveCapacity(72)
        contributions.reserveCapacity(72 * 5)
        for piece in a.pieces where piece.counted {
            let period = employee.employments[piece.period]
            let fte = period.weeklyHours / p.fullTimeHours
            let known = units.index(of: period.unitId)
            var extra = -1
            if known == nil {
                if let i = a.result.extraUnitIds.firstIndex(of: period.unitId) {
                    extra = unitCount + i
                } else {
                    a.result.extraUnitIds.append(period.unitId)
                    extra = unitCount + a.result.extraUnitIds.count - 1
                }
            }
            var d = piece.from
            while d <= piece.to {
                let ym = CalendarDay(dayNumber: d).yearMonth
                let monthOrdinal = ym.ordinal
                let monthEnd = ym.lastDay.dayNumber
                var end = min(piece.to, monthEnd)
                var chain: Range<Int> = 0..<0
                var chainKey: Int
                if let u = known {
                    let epoch = units.epoch(of: d)
                    let version = units.chainVersion(of: u, on: d)
                    end = min(end, version.nextChange - 1)
                    chain = units.chain(unit: u, epoch: epoch)
                    chainKey = u << 24 | version.version
                    if !units.present[epoch * unitCount + u], !reportedMissingUnits.contains(period.unitId) {
                        reportedMissingUnits.append(period.unitId)
                        a.result.findings.append(unitFinding(employee.employeeId, period.unitId, d))
                    }
                } else {
                    chainKey = -2 - extra
                    if !reportedMissingUnits.contains(period.unitId) {
                        reportedMissingUnits.append(period.unitId)
                        a.result.findings.append(unitFinding(employee.employeeId, period.unitId, d))
                    }
                }
                var weightSum = 0.0
                var short = 0.0
                var long = 0.0
                var started: Int32 = 0
                while k < a.dates.count, a.dates[k] <= end {
                    let w = a.weights[k]
                    weightSum += w
                    if a.dateLong[k] { long += w } else { short += w }
                    if spellStartAt[k] { started += 1 }
                    k += 1
                }
                let lost = weightSum * fte
                let available = Double(end - d + 1) * fte

                // Employee-month row.
                if let last = months.last, last.month == ym {
                    let i = months.count - 1
                    months[i].shortDays += short
                    months[i].longDays += long
                    months[i].fteDaysLost += lost
                    months[i].fteDaysAvailable += available
                } else {
                    months.append(
                        EmployeeMonthRow(
                            employeeId: employee.employeeId, month: ym, shortDays: short, longDays: long,
                            fteDaysLost: lost,
                            fteDaysAvailable: available, definitionVersion: version))
                }

                // Unit contributions: merge into the current block when chain and month are unchanged.
                if chainKey == blockChainKey, monthOrdinal == blockMonth, blockStart >= 0 {
                    var i = blockStart
                    while i < contributions.count {
                        contributions[i].fteDaysLost += lost
                        contributions[i].fteDaysAvailable += available
                        contributions[i].shortDays += short
                        contributions[i].longDays += long
                        contributions[i].spellsStarted += started
                        i += 1
                    }
                } else {
                    blockStart = contributions.count
                    blockChainKey = chainKey
                    blockMonth = monthOrdinal
                    func add(_ unit: Int) {
                        contributions.append(
                            UnitMonthContribution(
                                unit: Int32(unit), monthOrdinal: Int32(monthOrdinal), spellsStarted: started,
                                fteDaysLost: lost,
                                fteDaysAvailable: available, shortDays: short, longDays: long))
                    }
                    if known != nil {
                        for c in chain { add(Int(units.chainStorage[c])) }
                    } else {
                        add(extra)
                    }
                }
                d = end + 1
            }
        }
        a.result.months = months
        a.result.unitContributions = contributions
        for i in a.result.months.indices {
            a.result.months[i].fteDaysLost = round4(a.result.months[i].fteDaysLost)
            a.result.months[i].fteDaysAvailable = round4(a.result.months[i].fteDaysAvailable)
        }
    }

    func unitFinding(_ employeeId: String, _ unitId: String, _ day: Int) -> SickLeaveFinding {
        SickLeaveFinding(
            employeeId: employeeId, kind: .unitNotInTree, date: CalendarDay(dayNumber: day),
            message:
                "home unit \(unitId) is not in the unit tree on \(CalendarDay(dayNumber: day).iso); its figures count for \(unitId) alone, not for any parent — check pdc_org_units"
        )
    }
}
