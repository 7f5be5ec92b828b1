/// What the column page shows.
struct ColumnPageView: Sendable {
    var language: Language
    var lineage: ColumnLineage
    /// Whether the table is a built model (linked) rather than a staging table.
    var isModel: Bool
    /// Report tiles that use the column itself: "Report › tile".
    var ownTiles: [String]
    var upstream: LineageTree
    var downstream: LineageTree
    /// Built model names, to link steps that are models.
    var models: Set<String>
    /// The model's tests that check this column, latest results.
    var tests: [TestResultEntry] = []
}

/// A catalogue column: description, and its lineage upstream to the source headers and
/// downstream to the report tiles, each as an SVG graph with the same steps as a nested list.
enum ColumnPage {
    static func render(_ v: ColumnPageView) -> String {
        let l = v.language
        let c = v.lineage
        let name = "\(c.table).\(c.column)"
        let title = UIText.columnPageTitle(name).text(l)
        return Layout.page(
            title: title, language: l,
            switchTo: Route.column(model: c.table, column: c.column).href(l == .da ? .en : .da)
        ) { w in
            w.element(.nav, .aria("label", UIText.youAreHere.text(l)), .class("breadcrumb")) { w in
                w.element(.ol) { w in
                    w.element(.li) { $0.element(.a, .href(Route.catalogue.href(l)), text: UIText.navCatalogue.text(l)) }
                    if v.isModel {
                        w.element(.li) { $0.element(.a, .href(Route.model(name: c.table).href(l)), text: c.table) }
                    } else {
                        w.element(.li, text: c.table)
                    }
                    w.element(.li) {
                        $0.element(
                            .a, .href(Route.column(model: c.table, column: c.column).href(l)), .aria("current", "page"),
                            text: c.column)
                    }
                }
            }
            w.element(.h1) { w in
                w.text(UIText.columnPageTitle("").text(l))
                w.element(.code, text: name)
            }
            w.element(.p, .lang("en"), text: c.description)
            if !c.type.isEmpty {
                w.element(.dl, .class("facts")) { w in
                    w.element(.dt, text: UIText.columnType.text(l))
                    w.element(.dd) { $0.element(.code, text: c.type) }
                }
            }
            if v.isModel { CataloguePages.testsSection(v.tests, id: "tests", l, &w) }
            let link: (String, String) -> String? = { table, column in
                v.models.contains(table) ? Route.column(model: table, column: column).href(l) : nil
            }
            for upstream in [true, false] {
                let tree = upstream ? v.upstream : v.downstream
                let id = upstream ? "lineage-up" : "lineage-down"
                let heading = (upstream ? UIText.lineageUpstream : UIText.lineageDownstream).text(l)
                w.element(.section, .class("tile"), .aria("labelledby", id + "-h")) { w in
                    w.element(.h2, .id(id + "-h"), text: heading)
                    w.element(
                        .p, text: (upstream ? UIText.lineageUpstreamIntro : UIText.lineageDownstreamIntro).text(l))
                    let tiles = upstream ? [] : v.ownTiles
                    if tree.nodes.isEmpty && tiles.isEmpty {
                        w.element(.p, text: UIText.lineageNone.text(l))
                        return
                    }
                    let boxes = LineageGraph.boxes(tree, start: name, startTiles: tiles, upstream: upstream)
                    let everything =
                        1 + tree.nodes.count + tiles.count
                        + tree.nodes.reduce(0) { $0 + $1.tiles.count + (upstream && $1.sourceHeader != nil ? 1 : 0) }
                    let summary = UIText.lineageGraphSummary(
                        steps: tree.nodes.count, shown: boxes.count >= everything
                    ).text(l)
                    w.element(.figure) { w in
                        LineageGraph.render(
                            tree, start: name, startTiles: tiles, upstream: upstream, id: id,
                            title: heading + ": " + name,
                            summary: summary, into: &w)
                    }
                    w.element(.h3, text: UIText.lineageListHeading.text(l))
                    if !tiles.isEmpty {
                        w.element(.p, text: UIText.lineageTiles(tiles.joined(separator: ", ")).text(l))
                    }
                    LineageGraph.list(tree, upstream: upstream, l, link: link, into: &w)
                }
            }
        }
    }
}
