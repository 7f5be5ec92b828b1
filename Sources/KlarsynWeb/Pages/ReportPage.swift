/// Renders the report page: notices, unit picker and drill-down, tiles with chart, data table,
/// definition card, and the always-visible limits panel.
enum ReportPage {
    static func render(_ v: ReportPageView) -> String {
        let l = v.language
        let other: Language = l == .da ? .en : .da
        let switchTo = Route.report(id: v.reportID, unit: v.unitID).href(other)
        return Layout.page(title: "\(v.title): \(v.unitName)", language: l, switchTo: switchTo) { w in
            w.element(.nav, .aria("label", UIText.youAreHere.text(l)), .class("breadcrumb")) { w in
                w.element(.ol) { w in
                    for (i, crumb) in v.breadcrumb.enumerated() {
                        w.element(.li) { w in
                            if i == v.breadcrumb.count - 1 {
                                w.element(.a, .href(crumb.href), .aria("current", "page"), text: crumb.name)
                            } else {
                                w.element(.a, .href(crumb.href), text: crumb.name)
                            }
                        }
                    }
                }
            }
            w.element(.h1) { w in
                w.text(v.title + ": ")
                w.element(.span, .class("unit-name"), text: v.unitName)
            }
            if let s = v.summary { w.element(.p, .class("lead"), text: s) }
            w.element(.section, .class("notices"), .aria("label", UIText.dataStatus.text(l))) { w in
                w.element(.p, .class("as-of")) { w in
                    w.element(.strong, text: v.dataAsOf)
                    if let m = v.latestMonth { w.text(". " + m + ".") }
                }
                if !v.changedMonths.isEmpty {
                    w.element(.div, .class("notice changed"), .role("note")) { w in
                        w.element(.h2, text: UIText.changedMonthsHeading.text(l))
                        w.element(.p, text: UIText.changedMonthsIntro.text(l))
                        w.element(.ul) { w in for c in v.changedMonths { w.element(.li, text: c) } }
                    }
                }
                for b in v.seriesBreaks { w.element(.p, .class("notice break"), .role("note"), text: b) }
            }
            // Limits panel first in reading order after the notices: always visible, never a tooltip.
            limitsPanel(v.limits, l, &w)
            AccessPages.exportLinks(reportID: v.reportID, unitID: v.unitID, l, &w)
            w.element(.form, .method("get"), .action(Route.report(id: v.reportID).path), .class("unit-picker")) { w in
                w.element(.input, .type("hidden"), .name("lang"), .value(l.rawValue))
                w.element(.label, .for("unit-select"), text: UIText.chooseUnit.text(l))
                w.element(.select, .id("unit-select"), .name("unit")) { w in
                    for o in v.unitOptions {
                        if o.selected {
                            w.element(.option, .value(o.id), .selected, text: o.label)
                        } else {
                            w.element(.option, .value(o.id), text: o.label)
                        }
                    }
                }
                w.element(.button, .type("submit"), text: UIText.show.text(l))
            }
            w.element(.nav, .aria("labelledby", "subunits-heading"), .class("subunits")) { w in
                w.element(.h2, .id("subunits-heading"), text: UIText.subUnits.text(l))
                if v.subUnits.isEmpty {
                    w.element(.p, text: UIText.noSubUnits.text(l))
                } else {
                    w.element(.ul) { w in
                        for s in v.subUnits { w.element(.li) { $0.element(.a, .href(s.href), text: s.name) } }
                    }
                }
            }
            for tile in v.tiles { renderTile(tile, l, &w) }
            w.element(.section, .class("meta"), .aria("labelledby", "about-heading")) { w in
                w.element(.h2, .id("about-heading"), text: UIText.aboutReport.text(l))
                w.element(.dl) { w in
                    w.element(.dt, text: UIText.reportOwner.text(l))
                    w.element(.dd, text: v.owner)
                    if !v.audience.isEmpty {
                        w.element(.dt, text: UIText.audience.text(l))
                        w.element(.dd, text: v.audience.joined(separator: ", "))
                    }
                }
                w.element(.p, .class("invite"), text: UIText.commentInvite(owner: v.owner).text(l))
            }
            comments(v, l, &w)
        }
    }

    static func limitsPanel(_ limits: LimitsView, _ l: Language, _ w: inout HTMLWriter) {
        w.element(.aside, .class("limits"), .id("limits"), .aria("labelledby", "limits-heading")) { w in
            w.element(.h2, .id("limits-heading"), text: UIText.limitsHeading.text(l))
            let groups: [(UIText, [String], link: String?)] = [
                (.limitsCannotShow, limits.cannotShow, nil), (.limitsLeftOut, limits.leftOut, nil),
                (.limitsLate, limits.late, nil), (.limitsSuppressed, limits.suppressed, limits.policyHref),
                (.limitsMustNotServe, limits.mustNotServe, nil),
            ]
            for (heading, items, link) in groups where !items.isEmpty {
                w.element(.h3, text: heading.text(l))
                w.element(.ul) { w in
                    for i in items { w.element(.li, text: i) }
                    if let href = link {
                        w.element(.li) { $0.element(.a, .href(href), text: PolicyText.title.text(l)) }
                    }
                }
            }
        }
    }

    static func renderTile(_ t: TileView, _ l: Language, _ w: inout HTMLWriter) {
        w.element(.section, .class("tile"), .id("tile-\(t.id)"), .aria("labelledby", "tile-\(t.id)-heading")) { w in
            w.element(.h2, .id("tile-\(t.id)-heading"), text: t.title)
            w.element(.p, .class("summary"), text: UIText.chartSummary(t.summary).text(l))
            if let chart = t.chart {
                w.element(.figure, .aria("labelledby", "tile-\(t.id)-heading")) { w in
                    SVGChart.render(chart, into: &w)
                    if !chart.breaks.isEmpty {
                        w.element(.p, .class("legend-note"), text: UIText.seriesBreakLegend.text(l))
                    }
                }
            }
            for n in t.notes where t.chart == nil { w.element(.p, .class("note"), text: n) }
            if !t.table.columns.isEmpty {
                w.element(.details, .class("data-table")) { w in
                    w.element(.summary, text: UIText.showTable.text(l))
                    table(t.table, &w, l)
                }
            }
            if let card = t.card { definitionCard(card, tileID: t.id, l, &w) }
            if !t.comments.isEmpty {
                w.element(.details, .class("tile-comments")) { w in
                    w.element(.summary, text: UIText.tileCommentsSummary(t.comments.count).text(l))
                    commentList(t.comments, l, &w)
                }
            }
            w.element(.p, .class("dependencies")) { w in
                w.text(UIText.tileDependsOn.text(l) + ": ")
                for (i, d) in t.dependencies.enumerated() {
                    if i > 0 { w.text(", ") }
                    w.element(.code, text: d)
                }
            }
        }
    }

    static func table(_ t: TableView, _ w: inout HTMLWriter, _ l: Language) {
        w.element(.table) { w in
            w.element(.caption) { w in
                w.text(t.caption)
                for n in t.notes {
                    w.element(.br)
                    w.element(.small, .class("event-note"), text: n)
                }
            }
            w.element(.thead) { w in
                w.element(.tr) { w in
                    for c in t.columns { w.element(.th, .scope("col"), text: c) }
                    if t.rows.contains(where: { $0.note != nil }) {
                        w.element(.th, .scope("col"), text: UIText.noteColumn.text(l))
                    }
                }
            }
            let hasNotes = t.rows.contains { $0.note != nil }
            w.element(.tbody) { w in
                for r in t.rows {
                    w.element(.tr) { w in
                        w.element(.th, .scope("row")) { w in
                            if let h = r.headerHref {
                                w.element(.a, .href(h), text: r.header)
                            } else {
                                w.text(r.header)
                            }
                        }
                        for c in r.cells {
                            if c.suppressed {
                                SuppressionPolicyPage.cell(c, l, &w)
                            } else {
                                w.element(.td, .class("num"), text: c.text)
                            }
                        }
                        if hasNotes { w.element(.td, text: r.note ?? "") }
                    }
                }
            }
        }
    }

    static func definitionCard(_ c: DefinitionCardView, tileID: String, _ l: Language, _ w: inout HTMLWriter) {
        w.element(.section, .class("definition-card"), .aria("labelledby", "def-\(tileID)")) { w in
            w.element(.h3, .id("def-\(tileID)")) { w in
                w.text(UIText.definition.text(l) + ": ")
                w.element(.span, .lang("en"), text: c.title)
                w.text(", " + UIText.definitionVersion(c.version).text(l).lowercased())
            }
            if let shown = c.versionsShown { w.element(.p, .class("versions-shown"), text: shown) }
            w.element(.p, .lang("en"), text: c.description)
            w.element(.dl, .class("facts")) { w in
                w.element(.dt, text: UIText.status.text(l)); w.element(.dd, text: c.status)
                w.element(.dt, text: UIText.effectiveFrom.text(l)); w.element(.dd, text: c.effectiveFrom)
                w.element(.dt, text: UIText.owner.text(l)); w.element(.dd, .lang("en"), text: c.owner)
            }
            w.element(.h4, text: UIText.sourcesHeading.text(l))
            w.element(.p, text: UIText.sourcesIntro.text(l))
            w.element(.ol, .class("reuse")) { w in
                for s in c.sources {
                    w.element(.li) { w in
                        w.element(.strong, text: s.title)
                        w.text(" (\(s.system)). " + UIText.firstRecordedFor.text(l) + ": ")
                        w.element(.span, .lang("en"), text: s.purpose)
                        w.text(" " + UIText.recordedBy.text(l) + ": ")
                        w.element(.span, .lang("en"), text: s.recordedBy + ".")
                    }
                }
                w.element(.li, text: UIText.reusedHere(c.reuse).text(l))
            }
            w.element(.details) { w in
                w.element(.summary, text: UIText.parameters.text(l) + ", " + UIText.changelog.text(l).lowercased())
                w.element(.h4, text: UIText.parameters.text(l))
                w.element(.ul, .class("parameters")) { w in
                    for p in c.parameters { w.element(.li) { $0.element(.code, text: p) } }
                }
                w.element(.h4, text: UIText.changelog.text(l))
                w.element(.ul) { w in
                    for e in c.changelog {
                        w.element(.li, .lang("en")) { w in
                            w.element(.strong, text: "v\(e.version), \(e.date)")
                            w.text(" — \(e.by): \(e.summary)")
                        }
                    }
                }
                if c.diffs.isEmpty {
                    w.element(.p, text: UIText.noOtherVersions.text(l))
                }
                for d in c.diffs {
                    w.element(.h4, text: UIText.whatChanged(from: d.from, to: d.to).text(l))
                    w.element(.ul) { w in for ch in d.changes { w.element(.li) { $0.element(.code, text: ch) } } }
                }
                w.element(.p) { w in
                    w.element(.a, .href(c.href), text: UIText.allVersions.text(l))
                    w.text(" (" + c.sourceFile + ")")
                }
            }
        }
    }

    /// A list of comments: type, role and date on one line (plus what `moreMeta` adds), then the text.
    static func commentList(
        _ comments: [CommentEntry], _ l: Language, _ w: inout HTMLWriter,
        moreMeta: (CommentEntry, inout HTMLWriter) -> Void = { _, _ in }
    ) {
        w.element(.ul, .class("comment-list")) { w in
            for c in comments {
                w.element(.li) { w in
                    w.element(.p, .class("comment-meta")) { w in
                        w.element(.span, .class("comment-kind"), text: c.kind.text.text(l))
                        w.text(" ")
                        w.element(.strong, text: CommentRole(rawValue: c.role)?.text.text(l) ?? c.role)
                        w.text(", ")
                        w.element(.time, .datetime(c.createdAt), text: String(c.createdAt.prefix(10)))
                        moreMeta(c, &w)
                    }
                    w.element(.p, text: c.body)
                }
            }
        }
    }

    static func comments(_ v: ReportPageView, _ l: Language, _ w: inout HTMLWriter) {
        w.element(.section, .class("comments"), .id("comments"), .aria("labelledby", "comments-heading")) { w in
            w.element(.h2, .id("comments-heading"), text: UIText.commentsHeading.text(l))
            if v.comments.isEmpty {
                w.element(.p, text: UIText.noComments.text(l))
            } else {
                commentList(v.comments, l, &w) { c, w in
                    if let v = c.definitionVersion {
                        w.text(", " + UIText.commentPinned(version: v).text(l))
                    }
                    if let tile = c.tileID {
                        let title = v.tiles.first { $0.id == tile }?.title ?? tile
                        w.text(" — " + UIText.commentAbout(title).text(l))
                    }
                    if c.kind == .contextEvent, let d = c.eventDate {
                        w.text(" — " + UIText.commentEventOn.text(l) + " ")
                        w.element(.time, .datetime(d), text: d)
                    }
                }
            }
            w.element(.form, .method("post"), .action(Route.comments(report: v.reportID).path), .class("comment-form"))
            { w in
                w.csrfField()
                w.element(.fieldset) { w in
                    w.element(.legend, text: UIText.commentFormLegend.text(l))
                    w.element(.input, .type("hidden"), .name("unit"), .value(v.unitID))
                    w.element(.input, .type("hidden"), .name("lang"), .value(l.rawValue))
                    w.element(.p, .id("comment-privacy"), .class("note"), text: UIText.commentPrivacyNote.text(l))
                    w.element(.label, .for("comment-role"), text: UIText.commentRole.text(l))
                    w.element(.select, .id("comment-role"), .name("role")) { w in
                        for r in CommentRole.allCases { w.element(.option, .value(r.rawValue), text: r.text.text(l)) }
                    }
                    w.element(.label, .for("comment-tile"), text: UIText.commentTile.text(l))
                    w.element(.select, .id("comment-tile"), .name("tile")) { w in
                        w.element(.option, .value(""), text: UIText.commentWholeReport.text(l))
                        for t in v.tiles { w.element(.option, .value(t.id), text: t.title) }
                    }
                    w.element(.label, .for("comment-kind"), text: UIText.commentKind.text(l))
                    w.element(.select, .id("comment-kind"), .name("kind")) { w in
                        for k in CommentKind.allCases { w.element(.option, .value(k.rawValue), text: k.text.text(l)) }
                    }
                    w.element(.label, .for("comment-event-date"), text: UIText.commentEventDate.text(l))
                    w.element(
                        .input, .type("date"), .id("comment-event-date"), .name("event_date"),
                        .aria("describedby", "comment-event-help"))
                    w.element(.p, .id("comment-event-help"), .class("note"), text: UIText.commentEventHelp.text(l))
                    w.element(.label, .for("comment-body"), text: UIText.commentBody.text(l))
                    w.element(
                        .textarea, .id("comment-body"), .name("body"), .attr("rows", "4"),
                        .attr("maxlength", String(CommentRepository.maxLength)),
                        .required, .aria("describedby", "comment-privacy"))
                    w.element(.button, .type("submit"), text: UIText.commentSubmit.text(l))
                }
            }
        }
    }
}
