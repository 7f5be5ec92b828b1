import Foundation

/// One series of a chart; `nil` values are gaps (suppressed or missing).
struct ChartSeries: Sendable, Equatable {
    var name: String
    var values: [Double?]
}

/// What a chart draws. The same model feeds the SVG and its data-table alternative.
struct ChartModel: Sendable, Equatable {
    enum Kind: Sendable { case line, stackedBar, horizontalBar }
    var id: String
    var kind: Kind
    var title: String
    /// One-line text summary (also the SVG's description).
    var summary: String
    /// Category labels on the axis (months or units).
    var categories: [String]
    var series: [ChartSeries]
    /// Indexes of categories where a new definition version starts.
    var breaks: [(index: Int, label: String)] = []
    /// Language of the axis labels (decimal comma in Danish).
    var language: Language = .da
    /// The month (`yyyy-mm`) of each category, for charts over months; empty otherwise.
    var monthKeys: [String] = []
    /// Context events from the comments: a marker at the category's index, numbered by `label`.
    var events: [(index: Int, label: String, text: String)] = []

    static func == (a: ChartModel, b: ChartModel) -> Bool {
        a.id == b.id && a.title == b.title && a.categories == b.categories && a.series == b.series
    }
}

/// Draws ``ChartModel``s as SVG: `role="img"` with a title and description, colours with at
/// least 3:1 contrast, and line styles that differ, so no series is told apart by colour alone.
enum SVGChart {
    static let colours = ["#1f5fa8", "#a4400b", "#2e6b30", "#6a3d9a"]
    static let dashes = ["", "6 4", "2 3", "8 3 2 3"]
    static let width = 680.0, height = 260.0
    static let left = 52.0, right = 16.0, top = 16.0, bottom = 44.0

    static func render(_ chart: ChartModel, into w: inout HTMLWriter) {
        let titleID = chart.id + "-title", descID = chart.id + "-desc"
        let viewHeight =
            chart.kind == .horizontalBar ? max(120, Double(chart.categories.count) * 28 + top + bottom) : height
        w.element(
            .svg, .attr("xmlns", "http://www.w3.org/2000/svg"),
            .attr("viewBox", "0 0 \(Int(width)) \(Int(viewHeight))"),
            .role("img"), .aria("labelledby", "\(titleID) \(descID)"), .class("chart"), .attr("focusable", "false")
        ) { w in
            w.element(.title, .id(titleID), text: chart.title)
            w.element(
                .desc, .id(descID),
                text: ([chart.summary] + chart.events.map { "\($0.label): \($0.text)" }).joined(separator: " "))
            switch chart.kind {
            case .line: line(chart, &w)
            case .stackedBar: stacked(chart, &w)
            case .horizontalBar: horizontal(chart, &w, height: viewHeight)
            }
        }
        legend(chart, &w)
    }

    static func legend(_ chart: ChartModel, _ w: inout HTMLWriter) {
        guard chart.series.count > 1 || !chart.breaks.isEmpty || !chart.events.isEmpty else { return }
        w.element(.ul, .class("legend")) { w in
            for (i, s) in chart.series.enumerated() {
                w.element(.li) { w in
                    w.element(.span, .class("swatch s\(i % colours.count)"), .aria("hidden", "true"))
                    w.text(s.name)
                }
            }
            for e in chart.events {
                w.element(.li, .class("event-note")) { w in
                    w.element(.span, .class("event-marker"), .aria("hidden", "true"), text: e.label)
                    w.text(" " + e.text)
                }
            }
        }
    }

    static func niceMax(_ v: Double) -> Double {
        guard v > 0 else { return 1 }
        let e = pow(10, floor(log10(v)))
        for m in [1.0, 2, 2.5, 5, 10] where m * e >= v { return m * e }
        return 10 * e
    }

    static func axis(_ maxValue: Double, _ plotH: Double, _ language: Language, _ w: inout HTMLWriter) {
        w.element(.g, .class("axis"), .aria("hidden", "true")) { w in
            for i in 0...4 {
                let v = maxValue * Double(i) / 4
                let y = top + plotH - plotH * Double(i) / 4
                w.element(
                    .line, .attr("x1", f(left)), .attr("x2", f(width - right)), .attr("y1", f(y)), .attr("y2", f(y)),
                    .class("grid"))
                w.element(
                    .svgText, .attr("x", f(left - 6)), .attr("y", f(y + 4)), .attr("text-anchor", "end"),
                    text: label(v, language))
            }
        }
    }

    static func xLabels(_ chart: ChartModel, _ x: (Int) -> Double, _ w: inout HTMLWriter) {
        let n = chart.categories.count
        let step = max(1, Int((Double(n) / 8).rounded(.up)))
        w.element(.g, .class("axis"), .aria("hidden", "true")) { w in
            for i in stride(from: 0, to: n, by: step) {
                w.element(
                    .svgText, .attr("x", f(x(i))), .attr("y", f(height - bottom + 18)), .attr("text-anchor", "middle"),
                    text: chart.categories[i])
            }
        }
    }

    static func breaks(_ chart: ChartModel, _ x: (Int) -> Double, halfStep: Double, _ w: inout HTMLWriter) {
        for b in chart.breaks {
            let bx = x(b.index) - halfStep
            w.element(.g, .class("series-break")) { w in
                w.element(
                    .line, .attr("x1", f(bx)), .attr("x2", f(bx)), .attr("y1", f(top)), .attr("y2", f(height - bottom)),
                    .attr("stroke-dasharray", "5 4"))
                w.element(.svgText, .attr("x", f(bx + 4)), .attr("y", f(top + 12)), text: b.label)
            }
        }
    }

    /// Context events: a dotted line at the month with a numbered marker on top (the numbers are
    /// listed with their text in the description, the legend and the data table).
    static func events(_ chart: ChartModel, _ x: (Int) -> Double, _ w: inout HTMLWriter) {
        for e in chart.events {
            let ex = x(e.index)
            w.element(.g, .class("event")) { w in
                w.element(
                    .line, .attr("x1", f(ex)), .attr("x2", f(ex)), .attr("y1", f(top + 10)),
                    .attr("y2", f(height - bottom)), .attr("stroke-dasharray", "1 3"))
                w.element(.circle, .attr("cx", f(ex)), .attr("cy", f(top + 2)), .attr("r", "8"))
                w.element(
                    .svgText, .attr("x", f(ex)), .attr("y", f(top + 6)), .attr("text-anchor", "middle"),
                    text: e.label)
            }
        }
    }

    static func line(_ chart: ChartModel, _ w: inout HTMLWriter) {
        let n = chart.categories.count
        guard n > 0 else { return }
        let plotW = width - left - right, plotH = height - top - bottom
        let maxValue = niceMax(chart.series.flatMap { $0.values.compactMap { $0 } }.max() ?? 0)
        let stepX = n > 1 ? plotW / Double(n - 1) : 0
        let x = { (i: Int) in left + (n > 1 ? Double(i) * stepX : plotW / 2) }
        let y = { (v: Double) in top + plotH - plotH * v / maxValue }
        axis(maxValue, plotH, chart.language, &w)
        xLabels(chart, x, &w)
        breaks(chart, x, halfStep: stepX / 2, &w)
        events(chart, x, &w)
        let breakSet = Set(chart.breaks.map(\.index))
        for (si, s) in chart.series.enumerated() {
            var segments: [[(Double, Double)]] = [[]]
            for (i, v) in s.values.enumerated() {
                if breakSet.contains(i), !(segments.last?.isEmpty ?? true) { segments.append([]) }
                if let v {
                    segments[segments.count - 1].append((x(i), y(v)))
                } else if !(segments.last?.isEmpty ?? true) {
                    segments.append([])
                }
            }
            let colour = colours[si % colours.count], dash = dashes[si % dashes.count]
            w.element(.g, .class("series"), .aria("hidden", "true")) { w in
                for seg in segments where !seg.isEmpty {
                    if seg.count == 1 {
                        w.element(
                            .circle, .attr("cx", f(seg[0].0)), .attr("cy", f(seg[0].1)), .attr("r", "3"),
                            .attr("fill", colour))
                    } else {
                        var attrs: [Attribute] = [
                            .attr("points", seg.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " ")),
                            .attr("fill", "none"), .attr("stroke", colour), .attr("stroke-width", "2.5"),
                        ]
                        if !dash.isEmpty { attrs.append(.attr("stroke-dasharray", dash)) }
                        w.element(.polyline, attributes: attrs)
                    }
                }
            }
        }
    }

    static func stacked(_ chart: ChartModel, _ w: inout HTMLWriter) {
        let n = chart.categories.count
        guard n > 0 else { return }
        let plotW = width - left - right, plotH = height - top - bottom
        let totals = (0..<n).map { i in chart.series.reduce(0.0) { $0 + ($1.values[i] ?? 0) } }
        let maxValue = niceMax(totals.max() ?? 0)
        let slot = plotW / Double(n)
        let barW = max(2, slot * 0.7)
        let x = { (i: Int) in left + slot * (Double(i) + 0.5) }
        axis(maxValue, plotH, chart.language, &w)
        xLabels(chart, x, &w)
        breaks(chart, x, halfStep: slot / 2, &w)
        events(chart, x, &w)
        w.element(.g, .class("series"), .aria("hidden", "true")) { w in
            for i in 0..<n {
                var base = 0.0
                for (si, s) in chart.series.enumerated() {
                    guard let v = s.values[i], v > 0 else { continue }
                    let h = plotH * v / maxValue
                    let yTop = top + plotH - plotH * (base + v) / maxValue
                    w.element(
                        .rect, .attr("x", f(x(i) - barW / 2)), .attr("y", f(yTop)), .attr("width", f(barW)),
                        .attr("height", f(h)),
                        .attr("fill", colours[si % colours.count]), .attr("stroke", "#fff"),
                        .attr("stroke-width", "0.5"))
                    base += v
                }
            }
        }
    }

    static func horizontal(_ chart: ChartModel, _ w: inout HTMLWriter, height: Double) {
        let n = chart.categories.count
        guard n > 0, let s = chart.series.first else { return }
        let labelW = 200.0
        let plotW = width - labelW - right - 50
        let maxValue = niceMax(s.values.compactMap { $0 }.max() ?? 0)
        w.element(.g, .class("series")) { w in
            for i in 0..<n {
                let y = top + Double(i) * 28
                w.element(
                    .svgText, .attr("x", f(labelW - 8)), .attr("y", f(y + 15)), .attr("text-anchor", "end"),
                    text: String(chart.categories[i].prefix(30)))
                if let v = s.values[i] {
                    let bw = plotW * v / maxValue
                    w.element(
                        .rect, .attr("x", f(labelW)), .attr("y", f(y + 3)), .attr("width", f(max(bw, 1))),
                        .attr("height", "16"), .attr("fill", colours[0]))
                    w.element(
                        .svgText, .attr("x", f(labelW + bw + 6)), .attr("y", f(y + 15)),
                        text: Format.decimal(v, chart.language))
                } else {
                    w.element(
                        .svgText, .attr("x", f(labelW + 6)), .attr("y", f(y + 15)), .class("suppressed"), text: "<5")
                }
            }
        }
    }

    static func f(_ v: Double) -> String { String(format: "%.1f", v) }
    static func label(_ v: Double, _ language: Language) -> String {
        v == v.rounded() ? String(Int(v)) : Format.decimal(v, digits: v * 10 == (v * 10).rounded() ? 1 : 2, language)
    }
}
