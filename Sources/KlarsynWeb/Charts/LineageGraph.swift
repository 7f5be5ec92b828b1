import KlarsynBuild

/// A lineage walk as a tree: each step knows the step it was reached from.
///
/// `LineageWalk.walk` returns the steps depth first with their depth; the parent of a step at
/// depth d is the nearest earlier step at depth d − 1 (the start column for depth 1).
struct LineageTree: Sendable, Equatable {
    struct Node: Sendable, Equatable {
        var table: String
        var column: String
        var kind: String
        var depth: Int
        var source: String?
        var sourceHeader: String?
        /// Index of the parent node; `nil` = the start column.
        var parent: Int?
        /// Report tiles that use this column (downstream only): "Report › tile".
        var tiles: [String] = []

        var id: String { "\(table).\(column)" }
    }

    var nodes: [Node]

    init(steps: [LineageWalk.Step]) {
        var nodes: [Node] = []
        var lastAtDepth: [Int: Int] = [:]
        for s in steps {
            let parent = s.depth > 1 ? lastAtDepth[s.depth - 1] : nil
            nodes.append(
                Node(
                    table: s.table, column: s.column, kind: s.kind, depth: s.depth, source: s.source,
                    sourceHeader: s.sourceHeader, parent: parent))
            lastAtDepth[s.depth] = nodes.count - 1
        }
        self.nodes = nodes
    }

    func children(of parent: Int?) -> [Int] { nodes.indices.filter { nodes[$0].parent == parent } }
}

/// Draws a lineage tree as an SVG graph in layers: the start column at one end, each step one
/// layer further, source headers (upstream) or report tiles (downstream) as the last layer.
/// The SVG is `role="img"` with a title and a description; the page puts the full tree next to
/// it as a nested list (the text alternative).
enum LineageGraph {
    static let boxW = 250.0, boxH = 26.0, gapX = 46.0, gapY = 10.0, margin = 8.0
    /// More boxes than this are left to the list (the SVG says so in its description).
    static let maxBoxes = 60

    struct Box {
        var layer: Int
        var row: Int
        var label: String
        var style: String
        var parent: Int?
    }

    static func boxes(_ tree: LineageTree, start: String, startTiles: [String], upstream: Bool) -> [Box] {
        var boxes = [Box(layer: 0, row: 0, label: start, style: "start", parent: nil)]
        var boxOfNode: [Int: Int] = [:]
        var rows: [Int: Int] = [0: 1]
        func add(layer: Int, label: String, style: String, parent: Int?) -> Int? {
            guard boxes.count < maxBoxes else { return nil }
            // A box sits level with its parent when its layer has room there (a tidy tree).
            let row = max(rows[layer, default: 0], parent.map { boxes[$0].row } ?? 0)
            rows[layer] = row + 1
            boxes.append(Box(layer: layer, row: row, label: label, style: style, parent: parent))
            return boxes.count - 1
        }
        for t in startTiles { _ = add(layer: 1, label: t, style: "tile", parent: 0) }
        for (i, n) in tree.nodes.enumerated() {
            let parentBox = n.parent.map { boxOfNode[$0] } ?? 0
            guard let parentBox else { continue }
            guard
                let b = add(
                    layer: n.depth, label: n.id,
                    style: n.table.hasPrefix("stg_") || n.table == "landing_files" ? "staging" : "model",
                    parent: parentBox)
            else { break }
            boxOfNode[i] = b
            if upstream, let header = n.sourceHeader {
                _ = add(layer: n.depth + 1, label: "\(n.source ?? "?"): \(header)", style: "header", parent: b)
            }
            for t in n.tiles { _ = add(layer: n.depth + 1, label: t, style: "tile", parent: b) }
        }
        return boxes
    }

    static func render(
        _ tree: LineageTree, start: String, startTiles: [String] = [], upstream: Bool, id: String, title: String,
        summary: String, into w: inout HTMLWriter
    ) {
        let boxes = boxes(tree, start: start, startTiles: startTiles, upstream: upstream)
        let layers = (boxes.map(\.layer).max() ?? 0) + 1
        let rows = (boxes.map(\.row).max() ?? 0) + 1
        let width = margin * 2 + Double(layers) * boxW + Double(layers - 1) * gapX
        let height = margin * 2 + Double(rows) * boxH + Double(rows - 1) * gapY
        func x(_ layer: Int) -> Double {
            let column = upstream ? layers - 1 - layer : layer
            return margin + Double(column) * (boxW + gapX)
        }
        func y(_ row: Int) -> Double { margin + Double(row) * (boxH + gapY) }
        w.element(
            .svg, .attr("xmlns", "http://www.w3.org/2000/svg"),
            .attr("viewBox", "0 0 \(Int(width.rounded(.up))) \(Int(height.rounded(.up)))"),
            .attr("width", String(Int(width.rounded(.up)))), .role("img"),
            .aria("labelledby", "\(id)-title \(id)-desc"), .class("lineage"), .attr("focusable", "false")
        ) { w in
            w.element(.title, .id("\(id)-title"), text: title)
            w.element(.desc, .id("\(id)-desc"), text: summary)
            w.element(.g, .class("edges"), .aria("hidden", "true")) { w in
                for b in boxes {
                    guard let p = b.parent else { continue }
                    let parent = boxes[p]
                    // From the parent's side facing the child to the child's facing side.
                    let (x1, x2) =
                        upstream
                        ? (x(parent.layer), x(b.layer) + boxW)
                        : (x(parent.layer) + boxW, x(b.layer))
                    let y1 = y(parent.row) + boxH / 2, y2 = y(b.row) + boxH / 2
                    let mid = (x1 + x2) / 2
                    w.element(
                        .polyline,
                        .attr(
                            "points",
                            "\(SVGChart.f(x1)),\(SVGChart.f(y1)) \(SVGChart.f(mid)),\(SVGChart.f(y1)) \(SVGChart.f(mid)),\(SVGChart.f(y2)) \(SVGChart.f(x2)),\(SVGChart.f(y2))"
                        ), .attr("fill", "none"))
                }
            }
            w.element(.g, .class("nodes"), .aria("hidden", "true")) { w in
                for b in boxes {
                    w.element(.g, .class("node \(b.style)")) { w in
                        w.element(
                            .rect, .attr("x", SVGChart.f(x(b.layer))), .attr("y", SVGChart.f(y(b.row))),
                            .attr("width", SVGChart.f(boxW)), .attr("height", SVGChart.f(boxH)), .attr("rx", "4"))
                        let label = b.label.count > 37 ? String(b.label.prefix(36)) + "…" : b.label
                        w.element(
                            .svgText, .attr("x", SVGChart.f(x(b.layer) + 6)), .attr("y", SVGChart.f(y(b.row) + 17)),
                            text: label)
                    }
                }
            }
        }
    }

    /// The text alternative: the tree as nested lists.
    static func list(
        _ tree: LineageTree, upstream: Bool, _ l: Language, link: (String, String) -> String?, into w: inout HTMLWriter
    ) {
        func level(_ parent: Int?, _ w: inout HTMLWriter) {
            let children = tree.children(of: parent)
            guard !children.isEmpty else { return }
            w.element(.ul, attributes: parent == nil ? [.class("lineage-list")] : []) { w in
                for i in children {
                    let n = tree.nodes[i]
                    w.element(.li) { w in
                        if let href = link(n.table, n.column) {
                            w.element(.a, .href(href)) { $0.element(.code, text: n.id) }
                        } else {
                            w.element(.code, text: n.id)
                        }
                        w.text(" (" + n.kind + ")")
                        if upstream, let header = n.sourceHeader {
                            w.text(" — " + UIText.lineageHeader(source: n.source ?? "?", header: header).text(l))
                        }
                        if !n.tiles.isEmpty {
                            w.text(" — " + UIText.lineageTiles(n.tiles.joined(separator: ", ")).text(l))
                        }
                        level(i, &w)
                    }
                }
            }
        }
        level(nil, &w)
    }
}
