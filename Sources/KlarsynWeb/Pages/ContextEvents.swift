extension ReportPageView {
    /// Puts the context events among ``comments`` on the page's charts over months: a numbered
    /// marker in the SVG (and in its description and legend), the event listed in the data
    /// table's caption, and a note on the table row of its month. Events are numbered by date.
    mutating func annotateContextEvents() {
        let l = language
        let events =
            comments
            .compactMap { c -> (date: String, body: String, tile: String?)? in
                guard c.kind == .contextEvent, let d = c.eventDate else { return nil }
                return (d, c.body, c.tileID)
            }
            .sorted { $0.date < $1.date }
        guard !events.isEmpty else { return }
        for t in tiles.indices {
            guard var chart = tiles[t].chart, !chart.monthKeys.isEmpty else { continue }
            for (n, e) in events.enumerated() {
                // An event about one tile marks that tile only; one about the report marks every chart.
                if let tile = e.tile, tile != tiles[t].id { continue }
                guard let i = chart.monthKeys.firstIndex(of: String(e.date.prefix(7))) else { continue }
                let label = String(n + 1)
                let short = e.body.count > 120 ? String(e.body.prefix(119)) + "…" : e.body
                let text = UIText.contextEventNote(date: e.date, text: short).text(l)
                chart.events.append((i, label, text))
                tiles[t].table.notes.append(UIText.contextEventNumbered(label).text(l) + ": " + text)
                if tiles[t].table.rows.indices.contains(i) {
                    let note = UIText.contextEventNumbered(label).text(l)
                    tiles[t].table.rows[i].note = [tiles[t].table.rows[i].note, note].compactMap { $0 }.joined(
                        separator: "; ")
                }
            }
            tiles[t].chart = chart
        }
    }

    /// Gives each tile its thread: the comments about that tile.
    mutating func attachTileComments() {
        for t in tiles.indices { tiles[t].comments = comments.filter { $0.tileID == tiles[t].id } }
    }
}
