extension StudentPages {
    /// Rules of the student pages, appended to the workbench stylesheet.
    static let css = """
        .small-multiples { display: grid; grid-template-columns: repeat(auto-fill, minmax(20rem, 1fr)); gap: 1rem; }
        .student-card { border: 1px solid var(--line); padding: .5rem .75rem; }
        .student-card h3 { margin: .25rem 0; font-size: 1.1rem; }
        .student-card p { margin: .25rem 0; }
        .student-card svg.chart { max-width: 100%; }
        ul.figures { list-style: none; display: flex; flex-wrap: wrap; gap: 1rem; padding: 0; margin: .75rem 0; }
        ul.figures li { border: 1px solid var(--line); padding: .5rem .9rem; min-width: 9rem; }
        .figure-value { display: block; font-size: 1.6rem; font-weight: 700; }
        .figure-label { display: block; color: var(--muted); font-size: .9rem; }
        .matrix-wrap { overflow-x: auto; }
        table.coverage td, table.coverage th { padding: .2rem .4rem; }
        table.coverage td.met { background: #d6e6f5; }
        table.coverage td.not-met { background: #fff; color: var(--muted); }
        table.coverage td.met-final { font-weight: 600; }
        table.coverage td.not-met-final { color: var(--muted); }
        table.coverage.students th.area { vertical-align: bottom; font-size: .8rem; font-weight: 600; }
        table.coverage.students th.area span { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; }
        table.coverage.students td { text-align: center; }
        .currency { font-weight: 600; }
        .comment-student { border-left-color: #2e6b30; }
        .comment-supervisor { border-left-color: #1f5fa8; }
        """

    /// The dialogue sheet's own style: it is a self-contained file, so it cannot use the
    /// workbench stylesheet. Prints on A4 without the screen's colours depending on the printer.
    static let exportCSS: StaticString = """
        body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1b1b; margin: 0; }
        main { max-width: 48rem; margin: 0 auto; padding: 1.5rem; }
        h1 { font-size: 1.6rem; margin: 0 0 .3rem; } h2 { font-size: 1.2rem; margin: 1rem 0 .3rem; } h3 { font-size: 1rem; margin: .6rem 0 .2rem; }
        .lead, .note { color: #4a4a4a; }
        .facts { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; }
        .facts dt { font-weight: 600; } .facts dd { margin: 0; }
        .limits { background: #f2f5f9; border: 1px solid #9fb3c8; padding: .5rem 1rem; margin: 1rem 0; }
        .limits h2 { margin-top: 0; }
        .currency, .summary { font-weight: 600; }
        ul.figures { list-style: none; display: flex; flex-wrap: wrap; gap: .6rem; padding: 0; }
        ul.figures li { border: 1px solid #c8c8c8; padding: .3rem .7rem; }
        .figure-value { display: block; font-size: 1.3rem; font-weight: 700; } .figure-label { display: block; color: #4a4a4a; font-size: .85rem; }
        table { border-collapse: collapse; font-size: .85rem; margin: .4rem 0; }
        caption { text-align: left; font-weight: 600; }
        th, td { border-bottom: 1px solid #c8c8c8; padding: .15rem .35rem; text-align: left; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        td.met { background: #d6e6f5; } td.not-met, td.suppressed, td.not-met-final { color: #4a4a4a; }
        td.met-final { font-weight: 600; }
        svg.chart { width: 100%; max-width: 680px; height: auto; display: block; }
        svg .grid { stroke: #e0e0e0; } svg .axis text, svg .series text { font-size: 11px; fill: #333; }
        .legend { list-style: none; display: flex; gap: 1rem; padding: 0; font-size: .85rem; }
        .swatch { display: inline-block; width: 1rem; height: .6rem; margin-right: .35rem; }
        .swatch.s0 { background: #1f5fa8; } .swatch.s1 { background: #a4400b; } .swatch.s2 { background: #2e6b30; } .swatch.s3 { background: #6a3d9a; }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        .comment-list { list-style: none; padding: 0; } .comment-list li { border-left: 3px solid #c8c8c8; padding: .2rem .6rem; margin: .4rem 0; }
        .comment-meta { color: #4a4a4a; margin: 0; }
        .write-line { border-bottom: 1px solid #999; height: 2rem; }
        figure { margin: .4rem 0; }
        @page { size: A4; margin: 15mm; }
        @media print {
          main { padding: 0; max-width: none; }
          .tile, .limits, table, figure { break-inside: avoid; }
          td.met { background: #d6e6f5; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          .limits { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }
        """
}
