/// The one stylesheet, served from memory. Colours meet WCAG 2.1 AA contrast on white; focus is
/// always visible; nothing depends on JavaScript.
enum Stylesheet {
    static let css = """
        :root { --ink: #1b1b1b; --muted: #4a4a4a; --line: #c8c8c8; --accent: #1f5fa8; --warn-bg: #fff4d6; --warn-line: #8a5a00; --limits-bg: #f2f5f9; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
        a { color: var(--accent); }
        a:focus-visible, button:focus-visible, select:focus-visible, summary:focus-visible, main:focus-visible { outline: 3px solid #000; outline-offset: 2px; }
        .skip-link { position: absolute; left: -999px; top: 0; background: #000; color: #fff; padding: .5rem 1rem; z-index: 10; }
        .skip-link:focus { left: .5rem; top: .5rem; }
        .site-header { display: flex; gap: 2rem; align-items: center; padding: .75rem 1.5rem; border-bottom: 1px solid var(--line); }
        .site-header .brand { font-weight: 700; font-size: 1.25rem; text-decoration: none; color: var(--ink); }
        .site-header ul { list-style: none; display: flex; gap: 1.5rem; margin: 0; padding: 0; }
        main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
        .breadcrumb ol { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem; padding: 0; margin: 0; color: var(--muted); }
        .breadcrumb li + li::before { content: "›"; margin: 0 .4rem; }
        h1 { font-size: 1.8rem; margin: .5rem 0; }
        .lead { color: var(--muted); max-width: 60rem; }
        .notice { border-left: 4px solid var(--warn-line); background: var(--warn-bg); padding: .5rem 1rem; margin: .75rem 0; }
        .notice h2 { font-size: 1.05rem; margin: .25rem 0; }
        .limits { background: var(--limits-bg); border: 1px solid #9fb3c8; padding: .75rem 1.25rem; margin: 1rem 0; }
        .limits h2 { margin-top: 0; font-size: 1.25rem; }
        .limits h3 { font-size: 1rem; margin: .75rem 0 .25rem; }
        .unit-picker { display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; margin: 1rem 0; }
        .unit-picker select, .unit-picker button { font: inherit; padding: .3rem .5rem; }
        .subunits ul { display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; list-style: none; padding: 0; }
        .subunits h2 { font-size: 1.1rem; }
        .tile { border-top: 2px solid var(--line); padding: 1rem 0; }
        .tile h2 { font-size: 1.35rem; margin: .25rem 0; }
        .summary { font-weight: 600; }
        figure { margin: .5rem 0; }
        svg.chart { width: 100%; max-width: 680px; height: auto; display: block; }
        svg .grid { stroke: #e0e0e0; }
        svg .axis text, svg .series text { font-size: 11px; fill: #333; }
        svg .series-break line { stroke: #000; stroke-width: 1.5; }
        svg .series-break text { font-size: 11px; fill: #000; }
        svg.lineage { max-width: 100%; height: auto; }
        svg.lineage .edges polyline { stroke: #555; stroke-width: 1.2; }
        svg.lineage rect { fill: #fff; stroke: #1f5fa8; stroke-width: 1.5; }
        svg.lineage .start rect { fill: #1f5fa8; } svg.lineage .start text { fill: #fff; font-weight: 700; }
        svg.lineage .staging rect { stroke: #2e6b30; } svg.lineage .header rect { fill: #eef5ee; stroke: #2e6b30; stroke-dasharray: 4 2; }
        svg.lineage .tile rect { fill: #f3eefa; stroke: #6a3d9a; }
        svg.lineage text { font: 11px ui-monospace, monospace; fill: #1a1a1a; }
        caption small.event-note { font-weight: normal; }
        .test-fail { color: #a4400b; font-weight: 700; }
        .lineage-list ul { margin: .1rem 0 .1rem 1.2rem; }
        svg .event line { stroke: #6a3d9a; stroke-width: 2; }
        svg .event circle { fill: #6a3d9a; }
        svg .event text { font-size: 11px; font-weight: 700; fill: #fff; }
        .event-marker { display: inline-block; min-width: 1.3em; text-align: center; border-radius: 50%; background: #6a3d9a; color: #fff; font-weight: 700; font-size: .8rem; }
        .comment-kind { display: inline-block; border: 1px solid var(--line); border-radius: 3px; padding: 0 .3rem; font-size: .85rem; }
        .legend { list-style: none; display: flex; gap: 1rem; padding: 0; margin: .25rem 0; font-size: .9rem; }
        .swatch { display: inline-block; width: 1rem; height: .6rem; margin-right: .35rem; }
        .swatch.s0 { background: #1f5fa8; } .swatch.s1 { background: #a4400b; } .swatch.s2 { background: #2e6b30; } .swatch.s3 { background: #6a3d9a; }
        table { border-collapse: collapse; margin: .5rem 0; font-size: .95rem; }
        caption { text-align: left; font-weight: 600; padding: .25rem 0; }
        th, td { border-bottom: 1px solid var(--line); padding: .25rem .6rem; text-align: left; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        td.suppressed { color: var(--muted); }
        .definition-card { background: #fafafa; border: 1px solid var(--line); padding: .5rem 1rem; margin: .75rem 0; }
        .definition-card h3 { font-size: 1.05rem; margin: .25rem 0; }
        .definition-card h4 { font-size: .95rem; margin: .6rem 0 .2rem; }
        .facts { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; }
        .facts dt { font-weight: 600; } .facts dd { margin: 0; }
        .dependencies { font-size: .85rem; color: var(--muted); }
        .comments { border-top: 2px solid var(--line); padding-top: 1rem; }
        .comment-list { list-style: none; padding: 0; }
        .comment-list li { border-left: 3px solid var(--line); padding: .25rem .75rem; margin: .5rem 0; }
        .comment-meta { color: var(--muted); margin: 0; }
        .comment-form fieldset { border: 1px solid var(--line); padding: .75rem 1rem; display: grid; gap: .4rem; max-width: 40rem; }
        .comment-form textarea, .comment-form select, .comment-form input, .comment-form button { font: inherit; padding: .3rem .5rem; }
        .comment-form button { justify-self: start; }
        ul.inline { list-style: none; display: flex; gap: 1rem; padding: 0; }
        .preformatted { white-space: pre-wrap; font-family: ui-monospace, monospace; font-size: .9rem; }
        figure svg { max-width: 100%; height: auto; }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        .note { color: var(--muted); }
        .raw-line { white-space: pre-wrap; word-break: break-all; font-size: .85rem; }
        table.quarantine td, table.quarantine th { vertical-align: top; }
        .quarantine-form fieldset, .answer-form fieldset { border: 1px solid var(--line); padding: .75rem 1rem; display: grid; gap: .4rem; max-width: 40rem; }
        .quarantine-form textarea, .quarantine-form button, .answer-form textarea, .answer-form input, .answer-form select, .answer-form button { font: inherit; padding: .3rem .5rem; }
        .quarantine-form button, .answer-form button { justify-self: start; }
        .site-footer { border-top: 1px solid var(--line); padding: 1rem 1.5rem; color: var(--muted); font-size: .9rem; }
        @media (prefers-reduced-motion: reduce) { * { transition: none !important; } }
        """ + "\n" + StudentPages.css + "\n" + ReconcilePage.css
}
