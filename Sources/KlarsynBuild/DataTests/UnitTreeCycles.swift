import KlarsynCore

/// Finds cycles in a tree whose edges have validity periods, on every date any edge starts.
///
/// A tree can only change on a date some period starts or the day after one ends, so checking
/// those dates checks every date.
struct DatedTreeCycleFinder {
    /// One edge: `id` has `parent` from `from` to `to` (inclusive ISO dates; `to` nil = open).
    struct Edge {
        var id: String
        var parent: String?
        var from: String
        var to: String?
    }

    /// The cycles found, each as the date and the ids on the cycle (sorted, deduplicated).
    static func cycles(in edges: [Edge]) -> [(date: String, ids: [String])] {
        var dates = Set(edges.map(\.from))
        for edge in edges {
            if let to = edge.to, let last = CalendarDay(iso: to) { dates.insert(last.adding(days: 1).iso) }
        }
        var found: [(String, [String])] = []
        var seen = Set<[String]>()
        for date in dates.sorted() {
            var parent: [String: String] = [:]
            for edge in edges where edge.from <= date && (edge.to == nil || edge.to! >= date) {
                if let p = edge.parent, !p.isEmpty { parent[edge.id] = p }
            }
            var state: [String: Int] = [:]  // 1 = on the current path, 2 = done
            for start in parent.keys.sorted() where state[start] == nil {
                var path: [String] = []
                var node: String? = start
                while let n = node, state[n] == nil {
                    state[n] = 1
                    path.append(n)
                    node = parent[n]
                }
                if let n = node, state[n] == 1, let index = path.firstIndex(of: n) {
                    let cycle = Array(path[index...]).sorted()
                    if seen.insert(cycle).inserted { found.append((date, cycle)) }
                }
                for p in path { state[p] = 2 }
            }
        }
        return found
    }
}
