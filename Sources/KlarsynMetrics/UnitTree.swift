public import KlarsynCore

/// One validity period of an organisational unit (`pdc_org_units`).
public struct UnitPeriod: Sendable, Equatable {
    /// Unit id, e.g. `U0412`.
    public var unitId: String
    /// Parent unit in this period; `nil` for the region.
    public var parentId: String?
    /// First valid day.
    public var validFrom: CalendarDay
    /// Last valid day (inclusive); `nil` = still valid.
    public var validTo: CalendarDay?

    /// Creates a period.
    public init(unitId: String, parentId: String?, validFrom: CalendarDay, validTo: CalendarDay? = nil) {
        self.unitId = unitId
        self.parentId = parentId
        self.validFrom = validFrom
        self.validTo = validTo
    }
}

/// The unit tree through time. Answers "which units does a date belong to" without allocating:
/// the timeline is cut into *epochs* (maximal day ranges in which no unit period starts or ends),
/// and for every epoch and unit the chain unit → parent → … → root is precomputed.
///
/// ```swift
/// let tree = UnitTree(periods: periods)
/// tree.ancestors(of: "U0412", on: day)   // ["U0412", "U0100", "U0001"]
/// ```
public struct UnitTree: Sendable {
    /// Unit ids; a unit's index is its position here.
    public let unitIds: [String]
    let indexById: [String: Int]
    /// Day numbers on which epochs 1, 2, … start (epoch 0 starts before all of them).
    let epochStarts: [Int]
    /// Chains, flat: `chainStorage[chainBounds[e * n + u] ..< chainBounds[e * n + u + 1]]`.
    let chainStorage: [Int32]
    let chainBounds: [Int32]
    /// Per epoch and unit: does the unit itself have a period there?
    let present: [Bool]
    /// Per unit: the days on which its chain (or its presence) changes, sorted. Segments of an
    /// employee's time need to be cut only there, not at every change anywhere in the tree.
    let changeDays: [[Int]]

    /// Builds the tree from unit periods (any order).
    public init(periods: [UnitPeriod]) {
        var ids: [String] = []
        var index: [String: Int] = [:]
        func intern(_ id: String) -> Int {
            if let i = index[id] { return i }
            index[id] = ids.count
            ids.append(id)
            return ids.count - 1
        }
        for p in periods {
            _ = intern(p.unitId)
            if let parent = p.parentId { _ = intern(parent) }
        }
        var starts = Set<Int>()
        for p in periods {
            starts.insert(p.validFrom.dayNumber)
            if let to = p.validTo { starts.insert(to.dayNumber + 1) }
        }
        let epochStarts = starts.sorted()
        let n = ids.count
        let epochs = epochStarts.count + 1
        // parent per epoch and unit; -2 = unit absent, -1 = root
        var parent = [Int](repeating: -2, count: epochs * n)
        for p in periods {
            let u = index[p.unitId]!
            let par = p.parentId.map { index[$0]! } ?? -1
            // epochs fully inside [from, to]
            var e = Self.epoch(of: p.validFrom.dayNumber, in: epochStarts)
            let endDay = p.validTo?.dayNumber ?? Int.max
            while e < epochs {
                let start = e == 0 ? Int.min : epochStarts[e - 1]
                if start > endDay { break }
                parent[e * n + u] = par
                e += 1
            }
        }
        var storage: [Int32] = []
        var bounds: [Int32] = [0]
        var present = [Bool](repeating: false, count: epochs * n)
        bounds.reserveCapacity(epochs * n + 1)
        for e in 0..<epochs {
            for u in 0..<n {
                present[e * n + u] = parent[e * n + u] != -2
                storage.append(Int32(u))
                var current = u
                var depth = 0
                while depth < 64 {
                    let par = parent[e * n + current]
                    guard par >= 0, parent[e * n + par] != -2 else { break }
                    storage.append(Int32(par))
                    current = par
                    depth += 1
                }
                bounds.append(Int32(storage.count))
            }
        }
        var changes = [[Int]](repeating: [], count: n)
        if epochs > 1 {
            for u in 0..<n {
                for e in 1..<epochs {
                    let a = Int(bounds[(e - 1) * n + u])..<Int(bounds[(e - 1) * n + u + 1])
                    let b = Int(bounds[e * n + u])..<Int(bounds[e * n + u + 1])
                    if present[(e - 1) * n + u] != present[e * n + u] || !storage[a].elementsEqual(storage[b]) {
                        changes[u].append(epochStarts[e - 1])
                    }
                }
            }
        }
        self.changeDays = changes
        self.unitIds = ids
        self.indexById = index
        self.epochStarts = epochStarts
        self.chainStorage = storage
        self.chainBounds = bounds
        self.present = present
    }

    /// An empty tree (every home unit is attributed to itself only).
    public static let empty = UnitTree(periods: [])

    /// Number of known units.
    public var count: Int { unitIds.count }

    /// The index of a unit id, or `nil` when the tree does not know it.
    public func index(of unitId: String) -> Int? { indexById[unitId] }

    /// The unit and its ancestors on `day`, nearest first. A unit with no period on that day is
    /// returned alone; an unknown unit id likewise.
    public func ancestors(of unitId: String, on day: CalendarDay) -> [String] {
        guard let u = indexById[unitId] else { return [unitId] }
        return chain(unit: u, epoch: epoch(of: day.dayNumber)).map { unitIds[Int(chainStorage[$0])] }
    }

    /// True when the unit has a period covering `day`.
    public func isValid(_ unitId: String, on day: CalendarDay) -> Bool {
        guard let u = indexById[unitId] else { return false }
        return present[epoch(of: day.dayNumber) * count + u]
    }

    func epoch(of dayNumber: Int) -> Int { Self.epoch(of: dayNumber, in: epochStarts) }

    /// Number of epoch starts ≤ day (binary search).
    static func epoch(of dayNumber: Int, in starts: [Int]) -> Int {
        var lo = 0
        var hi = starts.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if starts[mid] <= dayNumber { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Which version of the unit's chain holds on `dayNumber` (0, 1, …), and the first later day
    /// on which it changes (`Int.max` when it never does).
    func chainVersion(of unit: Int, on dayNumber: Int) -> (version: Int, nextChange: Int) {
        let days = changeDays[unit]
        var lo = 0
        var hi = days.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if days[mid] <= dayNumber { lo = mid + 1 } else { hi = mid }
        }
        return (lo, lo < days.count ? days[lo] : Int.max)
    }

    /// Indices into `chainStorage` for a unit's chain in an epoch.
    func chain(unit: Int, epoch: Int) -> Range<Int> {
        let k = epoch * count + unit
        return Int(chainBounds[k])..<Int(chainBounds[k + 1])
    }
}
