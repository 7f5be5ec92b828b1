import Foundation
import KlarsynMetrics

/// One employee's unit contributions as stored for the next incremental build
/// (`sick_leave_employee_state.contributions`), so that they can be subtracted exactly
/// (ADR 0075).
///
/// Layout (all integers LEB128 varints, signed ones zig-zag encoded): the number of extra unit
/// ids, each as byte length + UTF-8; the number of runs; per run the number of units (0 = the
/// previous run's units), the units (tree index, or `tree.count + k` for extra id `k`), the
/// month ordinal as a difference from the previous run's, spells started, and the four sums in
/// fixed point (``UnitMonthSums/fixed(_:)``). A run is a stretch of contributions with the same
/// month and values: the home unit and its ancestors.
struct StoredContributions: Equatable {
    struct Run: Equatable {
        var units: [Int32]
        var monthOrdinal: Int32
        var spellsStarted: Int32
        var lost: Int64
        var available: Int64
        var short: Int64
        var long: Int64

    }

    var extraUnitIds: [String] = []
    var runs: [Run] = []

    init(extraUnitIds: [String] = [], runs: [Run] = []) {
        self.extraUnitIds = extraUnitIds
        self.runs = runs
    }

    /// The contributions of a computed result, in fixed point (``UnitMonthSums``; `scale` is the
    /// definition's `full_time_hours`).
    init(_ result: EmployeeSickLeaveResult, scale: Double) {
        extraUnitIds = result.extraUnitIds
        for c in result.unitContributions {
            let run = Run(
                units: [c.unit], monthOrdinal: c.monthOrdinal, spellsStarted: c.spellsStarted,
                lost: UnitMonthSums.fixed(c.fteDaysLost, scale: scale),
                available: UnitMonthSums.fixed(c.fteDaysAvailable, scale: scale),
                short: UnitMonthSums.fixed(c.shortDays), long: UnitMonthSums.fixed(c.longDays))
            if var last = runs.last, last.monthOrdinal == run.monthOrdinal, last.spellsStarted == run.spellsStarted,
                last.lost == run.lost, last.available == run.available, last.short == run.short, last.long == run.long
            {
                last.units.append(c.unit)
                runs[runs.count - 1] = last
            } else {
                runs.append(run)
            }
        }
    }

    /// Applies every contribution to `sums` with `sign`. Units are addressed by slot: a tree
    /// index, or `slot(extraId)` for a home unit the tree does not know.
    func apply(
        sign: Int, tree: UnitTree, slot: (String) -> Int, to sums: inout [UnitMonthKey: UnitMonthSums],
        load: (UnitMonthKey) throws -> UnitMonthSums
    ) rethrows {
        let n = tree.count
        let extraSlots = extraUnitIds.map(slot)
        let s = Int64(sign)
        for run in runs {
            for u in run.units {
                let key = UnitMonthKey(
                    unit: Int(u) < n ? Int(u) : extraSlots[Int(u) - n], monthOrdinal: Int(run.monthOrdinal))
                var cell = try sums[key] ?? load(key)
                cell.contributions += sign
                cell.spellsStarted += sign * Int(run.spellsStarted)
                cell.lost += s * run.lost
                cell.available += s * run.available
                cell.short += s * run.short
                cell.long += s * run.long
                sums[key] = cell
            }
        }
    }

    // MARK: Encoding

    func encoded() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(16 + runs.count * 16)
        Self.put(UInt64(extraUnitIds.count), &out)
        for id in extraUnitIds {
            let bytes = Array(id.utf8)
            Self.put(UInt64(bytes.count), &out)
            out += bytes
        }
        Self.put(UInt64(runs.count), &out)
        var previousUnits: [Int32] = []
        var previousMonth: Int64 = 0
        for run in runs {
            if run.units == previousUnits {
                Self.put(0, &out)
            } else {
                Self.put(UInt64(run.units.count), &out)
                for u in run.units { Self.put(UInt64(UInt32(bitPattern: u)), &out) }
                previousUnits = run.units
            }
            Self.putSigned(Int64(run.monthOrdinal) - previousMonth, &out)
            previousMonth = Int64(run.monthOrdinal)
            Self.put(UInt64(UInt32(bitPattern: run.spellsStarted)), &out)
            for v in [run.lost, run.available, run.short, run.long] { Self.putSigned(v, &out) }
        }
        return out
    }

    init?(decoding bytes: [UInt8]) {
        var i = 0
        func next() -> UInt64? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while i < bytes.count, shift < 64 {
                let b = bytes[i]
                i += 1
                value |= UInt64(b & 0x7f) << shift
                if b & 0x80 == 0 { return value }
                shift += 7
            }
            return nil
        }
        func signed() -> Int64? { next().map { Int64(bitPattern: ($0 >> 1) ^ (0 &- ($0 & 1))) } }
        guard let extras = next() else { return nil }
        for _ in 0..<extras {
            guard let n = next(), i + Int(n) <= bytes.count else { return nil }
            extraUnitIds.append(String(decoding: bytes[i..<i + Int(n)], as: UTF8.self))
            i += Int(n)
        }
        guard let count = next() else { return nil }
        var units: [Int32] = []
        var month: Int64 = 0
        for _ in 0..<count {
            guard let n = next() else { return nil }
            if n > 0 {
                units = []
                for _ in 0..<n {
                    guard let u = next() else { return nil }
                    units.append(Int32(bitPattern: UInt32(truncatingIfNeeded: u)))
                }
            }
            guard let delta = signed(), let spells = next(), let lost = signed(), let available = signed(),
                let short = signed(), let long = signed()
            else { return nil }
            month += delta
            runs.append(
                Run(
                    units: units, monthOrdinal: Int32(month),
                    spellsStarted: Int32(bitPattern: UInt32(truncatingIfNeeded: spells)),
                    lost: lost, available: available, short: short, long: long))
        }
        guard i == bytes.count else { return nil }
    }

    static func put(_ value: UInt64, _ out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(v & 0x7f) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    static func putSigned(_ value: Int64, _ out: inout [UInt8]) {
        put(UInt64(bitPattern: (value << 1) ^ (value >> 63)), &out)
    }
}

/// A unit-month cell addressed by unit slot (tree index, or an interned extra unit) and
/// ``YearMonth/ordinal``.
struct UnitMonthKey: Hashable {
    var unit: Int
    var monthOrdinal: Int
}

/// FNV-1a (64 bit) over text: a change detector for build inputs, not a security hash.
struct ChangeHash {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ text: String) {
        for b in text.utf8 {
            value ^= UInt64(b)
            value &*= 0x100_0000_01b3
        }
        value ^= 0x1f  // field separator
        value &*= 0x100_0000_01b3
    }

    var hex: String { String(value, radix: 16) }
}
