import Foundation
import KlarsynCore

/// Everything the page of one student placement shows.
struct StudentDetailView: Sendable {
    var language: Language
    var report: ReportDefinition
    var placement: StudentPlacement
    var weeks: [StudentWeek]
    var areaWeeks: [StudentAreaWeek]
    var areas: [NursingArea]
    var status: StudentDataStatus
    var comments: [StudentComment]
    /// True on the student's own page (title and lead differ; no "back to my students" link).
    var own: Bool
    /// The student's other placements (own view only).
    var others: [StudentPlacement] = []
    /// A message to show above the comment form (e.g. why a comment was refused).
    var commentError: String? = nil
}

/// One student on the supervisor's overview.
struct StudentCardView: Sendable {
    var placement: StudentPlacement
    var weeks: [StudentWeek]
    var areaWeeks: [StudentAreaWeek]
}

/// The supervisor's overview of their students.
struct StudentOverviewView: Sendable {
    var language: Language
    var report: ReportDefinition
    var students: [StudentCardView]
    var areas: [NursingArea]
    var status: StudentDataStatus
    /// True for a student without a placement to show (their own, empty overview).
    var own: Bool = false
}

/// The student pages (issue 9): the supervisor's overview, one placement's page (the supervisor's
/// view of a student and the student's own view), and the self-contained dialogue sheet.
///
/// The section headings are the tile titles of `reports/student-activity.toml`, so the page and
/// its report definition (with its lineage from the EHR trace to the tiles) stay one thing.
enum StudentPages {
    // MARK: Pages

    static func overview(_ v: StudentOverviewView) -> String {
        let l = v.language
        let other: Language = l == .da ? .en : .da
        let title = (v.own ? StudentText.ownTitle : StudentText.overviewTitle).text(l)
        return Layout.page(title: title, language: l, switchTo: Route.students.href(other)) { w in
            w.element(.h1, text: title)
            w.element(.p, .class("lead"), text: (v.own ? StudentText.ownLead : StudentText.overviewLead).text(l))
            limitsPanel(v.report, v.status, l, &w)
            if v.students.isEmpty {
                w.element(.p, .class("notice"), text: StudentText.noStudents.text(l))
                return
            }
            section("overview", v.report, l, &w) { w in
                w.element(.div, .class("small-multiples")) { w in
                    for card in v.students { studentCard(card, l, &w) }
                }
            }
            section("coverage", v.report, l, &w) { w in
                w.element(.p, .class("note"), text: StudentText.coverageLead.text(l))
                studentsCoverageTable(v.students, v.areas, l, &w)
            }
            section("cohort", v.report, l, &w) { w in
                studentsCohortTable(v.students, l, &w)
            }
        }
    }

    static func detail(_ v: StudentDetailView) -> String {
        let l = v.language
        let other: Language = l == .da ? .en : .da
        let title =
            v.own ? StudentText.ownTitle.text(l) : StudentText.student(v.placement.internID).text(l)
        let switchTo = v.own ? Route.students.href(other) : Route.student(token: v.placement.token).href(other)
        return Layout.page(title: title, language: l, switchTo: switchTo) { w in
            if !v.own {
                w.element(.nav, .class("breadcrumb"), .aria("label", "breadcrumb")) { w in
                    w.element(.ol) { w in
                        w.element(.li) {
                            $0.element(.a, .href(Route.students.href(l)), text: StudentText.overviewTitle.text(l))
                        }
                        w.element(.li, .aria("current", "page"), text: title)
                    }
                }
            }
            w.element(.h1, text: title)
            w.element(.p, .class("lead"), text: (v.own ? StudentText.ownLead : StudentText.overviewLead).text(l))
            placementFacts(v.placement, l, &w)
            limitsPanel(v.report, v.status, l, &w)
            body(v, l, &w)
            w.element(.p) { w in
                w.element(
                    .a, .href(Route.studentExport(token: v.placement.token).href(l)), .attr("download", ""),
                    text: StudentText.exportLink.text(l))
            }
            comments(v, l, &w)
            if !v.others.isEmpty {
                w.element(.section, .aria("labelledby", "others-heading")) { w in
                    w.element(.h2, .id("others-heading"), text: StudentText.otherPlacements.text(l))
                    w.element(.ul) { w in
                        for p in v.others {
                            w.element(.li) { w in
                                w.element(
                                    .a, .href(Route.student(token: p.token).href(l)),
                                    text: "\(p.unitName), \(period(p, l))")
                            }
                        }
                    }
                }
            }
        }
    }

    /// The dialogue sheet: one self-contained HTML document (inline style, no links it needs, no
    /// scripts) that prints well to PDF, with the limits panel.
    static func export(_ v: StudentDetailView, madeOn: String) -> String {
        let l = v.language
        var w = HTMLWriter()
        w.trusted("<!DOCTYPE html>\n")
        w.element(.html, .lang(l.rawValue)) { w in
            w.element(.head) { w in
                w.element(.meta, .attr("charset", "utf-8"))
                w.element(.meta, .name("viewport"), .attr("content", "width=device-width, initial-scale=1"))
                w.element(.title, text: StudentText.exportTitle.text(l) + " — " + v.placement.internID)
                w.element(.style) { $0.trusted(exportCSS) }
            }
            w.element(.body) { w in
                w.element(.main) { w in
                    w.element(.h1, text: StudentText.exportTitle.text(l))
                    w.element(.p, .class("lead"), text: StudentText.exportNote.text(l))
                    placementFacts(v.placement, l, &w, showID: true)
                    limitsPanel(v.report, v.status, l, &w)
                    body(v, l, &w)
                    w.element(.section, .class("tile notes-space")) { w in
                        w.element(.h2, text: StudentText.commentsHeading.text(l))
                        if !v.comments.isEmpty { commentList(v.comments, l, &w) }
                        for _ in 0..<6 { w.element(.div, .class("write-line")) }
                    }
                    w.element(.footer) { $0.element(.p, .class("note"), text: StudentText.printedOn(madeOn).text(l)) }
                }
            }
        }
        return w.output
    }

    // MARK: Parts

    static func limitsPanel(
        _ report: ReportDefinition, _ status: StudentDataStatus, _ l: Language, _ w: inout HTMLWriter
    ) {
        w.element(.aside, .class("limits"), .id("limits"), .aria("labelledby", "limits-heading")) { w in
            w.element(.h2, .id("limits-heading"), text: UIText.limitsHeading.text(l))
            w.element(.p) { $0.element(.strong, text: StudentText.notAssessment.text(l)) }
            w.element(.p, text: StudentText.careWorkInvisible.text(l))
            w.element(.h3, text: StudentText.currencyHeading.text(l))
            if let through = status.traceThrough {
                w.element(
                    .p, .class("currency"),
                    text: StudentText.currency(
                        through: date(through, l), delivered: status.latestDelivery.map { date($0, l) } ?? "–"
                    ).text(l))
            } else {
                w.element(.p, .class("currency"), text: StudentText.currencyUnknown.text(l))
            }
            let limits = report.limits
            let groups: [(UIText, [LocalizedText])] = [
                (.limitsCannotShow, limits.cannotShow), (.limitsLeftOut, limits.leftOut),
                (.limitsLate, limits.lateRegistrations), (.limitsMustNotServe, limits.mustNotServe),
            ]
            for (heading, items) in groups where !items.isEmpty {
                w.element(.h3, text: heading.text(l))
                w.element(.ul) { w in for i in items { w.element(.li, text: i.text(l)) } }
            }
        }
    }

    static func placementFacts(_ p: StudentPlacement, _ l: Language, _ w: inout HTMLWriter, showID: Bool = false) {
        w.element(.dl, .class("facts")) { w in
            if showID {
                w.element(.dt, text: StudentText.nav.text(l))
                w.element(.dd, text: p.internID)
            }
            w.element(.dt, text: StudentText.wardLabel.text(l))
            w.element(.dd, text: p.unitName)
            w.element(.dt, text: StudentText.semesterLabel.text(l))
            w.element(.dd, text: StudentText.semester(p.semester).text(l))
            w.element(.dt, text: StudentText.periodLabel.text(l))
            w.element(.dd, text: period(p, l))
        }
    }

    /// The figures of one placement: key figures, coverage matrix, timeline, time of day, cohort.
    static func body(_ v: StudentDetailView, _ l: Language, _ w: inout HTMLWriter) {
        let weeks = v.weeks
        let met = weeks.last?.areasMetSoFar ?? 0
        w.element(.section, .class("key-figures"), .aria("label", StudentText.areasMetShort.text(l))) { w in
            w.element(.ul, .class("figures")) { w in
                figure(String(weeks.count), StudentText.weeks.text(l), &w)
                figure(String(weeks.reduce(0) { $0 + $1.sfiNotes }), StudentText.notes.text(l), &w)
                figure(String(weeks.reduce(0) { $0 + $1.dictations }), StudentText.dictations.text(l), &w)
                figure("\(met) " + StudentText.ofTwelve.text(l), StudentText.areasMetShort.text(l), &w)
            }
        }
        if weeks.isEmpty { return }
        section("coverage", v.report, l, &w) { w in
            w.element(.p, .class("note"), text: StudentText.coverageLead.text(l))
            coverageMatrix(weeks, v.areaWeeks, v.areas, l, &w)
        }
        section("timeline", v.report, l, &w) { w in
            let chart = ChartModel(
                id: "timeline-chart", kind: .line, title: tileTitle("timeline", v.report, l),
                summary: StudentText.timelineSummary(weeks.count, met).text(l),
                categories: weeks.map { StudentText.weekShort($0.weekNo).text(l) },
                series: [
                    ChartSeries(
                        name: StudentText.areasMetShort.text(l), values: weeks.map { Double($0.areasMetSoFar) }),
                    ChartSeries(name: StudentText.cohortMedian.text(l), values: weeks.map { $0.cohortMedian }),
                ], language: l)
            w.element(.figure) { w in
                SVGChart.render(chart, into: &w)
                w.element(.figcaption, .class("summary"), text: chart.summary)
            }
        }
        section("time-of-day", v.report, l, &w) { w in
            let d = weeks.reduce(0) { $0 + $1.day }
            let e = weeks.reduce(0) { $0 + $1.evening }
            let n = weeks.reduce(0) { $0 + $1.night }
            let chart = ChartModel(
                id: "time-of-day-chart", kind: .stackedBar, title: tileTitle("time-of-day", v.report, l),
                summary: StudentText.timeOfDaySummary(d, e, n).text(l),
                categories: weeks.map { StudentText.weekShort($0.weekNo).text(l) },
                series: [
                    ChartSeries(name: StudentText.day.text(l), values: weeks.map { Double($0.day) }),
                    ChartSeries(name: StudentText.evening.text(l), values: weeks.map { Double($0.evening) }),
                    ChartSeries(name: StudentText.night.text(l), values: weeks.map { Double($0.night) }),
                ], language: l)
            w.element(.figure) { w in
                SVGChart.render(chart, into: &w)
                w.element(.figcaption, .class("summary"), text: chart.summary)
            }
        }
        section("cohort", v.report, l, &w) { w in
            if let last = weeks.last {
                w.element(
                    .p, .class("summary"),
                    text: (last.cohortMedian.map {
                        StudentText.cohortShown(median: Format.decimal($0, digits: 1, l), students: last.cohortStudents)
                    } ?? StudentText.cohortNotShown(last.cohortStudents)).text(l))
            }
            w.element(.table, .class("cohort")) { w in
                w.element(.thead) { w in
                    w.element(.tr) { w in
                        for h in [
                            StudentText.placementWeek, .areasMetShort, .cohortColumn, .cohortStudentsColumn,
                        ] { w.element(.th, .scope("col"), text: h.text(l)) }
                    }
                }
                w.element(.tbody) { w in
                    for wk in weeks {
                        w.element(.tr) { w in
                            w.element(.th, .scope("row"), text: StudentText.week(wk.weekNo).text(l))
                            w.element(.td, .class("num"), text: String(wk.areasMetSoFar))
                            if let m = wk.cohortMedian {
                                w.element(.td, .class("num"), text: Format.decimal(m, digits: 1, l))
                            } else {
                                w.element(.td, .class("suppressed"), text: StudentText.cohortNone.text(l))
                            }
                            w.element(.td, .class("num"), text: String(wk.cohortStudents))
                        }
                    }
                }
            }
        }
    }

    /// Areas × weeks: the notes of each week, shaded from the week an area is first met.
    static func coverageMatrix(
        _ weeks: [StudentWeek], _ cells: [StudentAreaWeek], _ areas: [NursingArea], _ l: Language,
        _ w: inout HTMLWriter
    ) {
        var byKey: [String: StudentAreaWeek] = [:]
        for c in cells { byKey["\(c.weekStart)|\(c.areaNo)"] = c }
        w.element(.div, .class("matrix-wrap")) { w in
            w.element(.table, .class("coverage")) { w in
                w.element(.caption, text: StudentText.coverageHeading.text(l))
                w.element(.thead) { w in
                    w.element(.tr) { w in
                        w.element(.th, .scope("col"), text: StudentText.area.text(l))
                        for wk in weeks {
                            w.element(.th, .scope("col"), .titleText(date(wk.weekStart, l))) { w in
                                w.element(
                                    .abbr, .titleText(StudentText.week(wk.weekNo).text(l)),
                                    text: StudentText.weekShort(wk.weekNo).text(l))
                            }
                        }
                        w.element(.th, .scope("col"), text: StudentText.areasMetShort.text(l))
                    }
                }
                w.element(.tbody) { w in
                    for a in areas {
                        w.element(.tr) { w in
                            w.element(.th, .scope("row"), text: a.name(l))
                            var metAtEnd = false
                            for wk in weeks {
                                let c = byKey["\(wk.weekStart)|\(a.number)"]
                                let met = c?.metSoFar ?? false
                                metAtEnd = met
                                let notes = c?.sfiNotes ?? 0
                                w.element(.td, .class(met ? "num met" : "num not-met")) { w in
                                    if notes > 0 { w.text(String(notes)) }
                                }
                            }
                            w.element(
                                .td, .class(metAtEnd ? "met-final" : "not-met-final"),
                                text: (metAtEnd ? StudentText.met : StudentText.notMet).text(l))
                        }
                    }
                }
            }
        }
    }

    static func studentCard(_ card: StudentCardView, _ l: Language, _ w: inout HTMLWriter) {
        let p = card.placement
        let headingID = "student-\(p.token)"
        w.element(.article, .class("student-card"), .aria("labelledby", headingID)) { w in
            w.element(.h3, .id(headingID), text: StudentText.student(p.internID).text(l))
            w.element(
                .p, .class("note"),
                text: "\(StudentText.semester(p.semester).text(l)) · \(p.unitName) · \(period(p, l))")
            let met = card.weeks.last?.areasMetSoFar ?? 0
            w.element(.p, .class("summary"), text: StudentText.areasMet(met).text(l))
            if !card.weeks.isEmpty {
                let notes = card.weeks.reduce(0) { $0 + $1.sfiNotes }
                let dictations = card.weeks.reduce(0) { $0 + $1.dictations }
                let chart = ChartModel(
                    id: "overview-\(p.token)", kind: .stackedBar, title: StudentText.student(p.internID).text(l),
                    summary: StudentText.notesAndDictationsSummary(notes, dictations).text(l),
                    categories: card.weeks.map { StudentText.weekShort($0.weekNo).text(l) },
                    series: [
                        ChartSeries(name: StudentText.notes.text(l), values: card.weeks.map { Double($0.sfiNotes) }),
                        ChartSeries(
                            name: StudentText.dictations.text(l), values: card.weeks.map { Double($0.dictations) }),
                    ], language: l)
                w.element(.figure) { w in
                    SVGChart.render(chart, into: &w)
                    w.element(.figcaption, text: chart.summary)
                }
            }
            w.element(.p) {
                $0.element(.a, .href(Route.student(token: p.token).href(l)), text: StudentText.open.text(l))
            }
        }
    }

    /// Students × areas: met so far (at the latest week) or not yet.
    static func studentsCoverageTable(
        _ students: [StudentCardView], _ areas: [NursingArea], _ l: Language, _ w: inout HTMLWriter
    ) {
        w.element(.div, .class("matrix-wrap")) { w in
            w.element(.table, .class("coverage students")) { w in
                w.element(.thead) { w in
                    w.element(.tr) { w in
                        w.element(.th, .scope("col"), text: StudentText.nav.text(l))
                        for a in areas {
                            w.element(.th, .scope("col"), .class("area")) { $0.element(.span, text: a.name(l)) }
                        }
                        w.element(.th, .scope("col"), text: StudentText.areasMetShort.text(l))
                    }
                }
                w.element(.tbody) { w in
                    for s in students {
                        let last = s.weeks.last?.weekStart
                        let met = Set(s.areaWeeks.filter { $0.weekStart == last && $0.metSoFar }.map(\.areaNo))
                        w.element(.tr) { w in
                            w.element(.th, .scope("row"), text: s.placement.internID)
                            for a in areas {
                                let isMet = met.contains(a.number)
                                w.element(.td, .class(isMet ? "met" : "not-met")) { w in
                                    w.element(.span, .aria("hidden", "true"), text: isMet ? "●" : "·")
                                    w.element(
                                        .span, .class("visually-hidden"),
                                        text: (isMet ? StudentText.met : StudentText.notMet).text(l))
                                }
                            }
                            w.element(.td, .class("num"), text: "\(met.count)")
                        }
                    }
                }
            }
        }
    }

    static func studentsCohortTable(_ students: [StudentCardView], _ l: Language, _ w: inout HTMLWriter) {
        w.element(.table, .class("cohort")) { w in
            w.element(.thead) { w in
                w.element(.tr) { w in
                    for h in [
                        StudentText.nav, .placementWeek, .areasMetShort, .cohortColumn, .cohortStudentsColumn,
                    ] { w.element(.th, .scope("col"), text: h.text(l)) }
                }
            }
            w.element(.tbody) { w in
                for s in students {
                    guard let last = s.weeks.last else { continue }
                    w.element(.tr) { w in
                        w.element(.th, .scope("row"), text: s.placement.internID)
                        w.element(.td, text: StudentText.week(last.weekNo).text(l))
                        w.element(.td, .class("num"), text: String(last.areasMetSoFar))
                        if let m = last.cohortMedian {
                            w.element(.td, .class("num"), text: Format.decimal(m, digits: 1, l))
                        } else {
                            w.element(.td, .class("suppressed"), text: StudentText.cohortNone.text(l))
                        }
                        w.element(.td, .class("num"), text: String(last.cohortStudents))
                    }
                }
            }
        }
    }

    static func comments(_ v: StudentDetailView, _ l: Language, _ w: inout HTMLWriter) {
        w.element(.section, .class("comments"), .id("comments"), .aria("labelledby", "comments-heading")) { w in
            w.element(.h2, .id("comments-heading"), text: StudentText.commentsHeading.text(l))
            w.element(.p, .class("note"), text: StudentText.commentsLead.text(l))
            if v.comments.isEmpty {
                w.element(.p, text: StudentText.commentsEmpty.text(l))
            } else {
                commentList(v.comments, l, &w)
            }
            if let error = v.commentError { w.element(.p, .class("notice"), .role("alert"), text: error) }
            w.element(
                .form, .method("post"), .action(Route.studentComments(token: v.placement.token).path),
                .class("comment-form")
            ) { w in
                w.csrfField()
                w.element(.input, .type("hidden"), .name("lang"), .value(l.rawValue))
                w.element(.fieldset) { w in
                    w.element(.legend, text: StudentText.commentLabel.text(l))
                    w.element(
                        .label, .for("comment-body"), .class("visually-hidden"), text: StudentText.commentLabel.text(l))
                    w.element(
                        .textarea, .id("comment-body"), .name("body"), .attr("rows", "3"),
                        .attr("maxlength", String(StudentRepository.maxCommentLength)), .required
                    ) { _ in }
                    w.element(.button, .type("submit"), text: StudentText.commentButton.text(l))
                }
            }
        }
    }

    static func commentList(_ comments: [StudentComment], _ l: Language, _ w: inout HTMLWriter) {
        w.element(.ol, .class("comment-list")) { w in
            for c in comments {
                w.element(.li, .class("comment-\(c.author.rawValue)")) { w in
                    w.element(.p, .class("comment-meta")) { w in
                        w.element(.strong, text: StudentText.author(c.author).text(l))
                        w.text(" · ")
                        w.element(
                            .time, .datetime(c.createdAt),
                            text: String(c.createdAt.prefix(16)).replacingOccurrences(of: "T", with: " "))
                    }
                    w.element(.p, text: c.body)
                }
            }
        }
    }

    // MARK: Helpers

    /// A section headed by the report tile's title.
    static func section(
        _ tileID: String, _ report: ReportDefinition, _ l: Language, _ w: inout HTMLWriter,
        content: (inout HTMLWriter) -> Void
    ) {
        w.element(.section, .class("tile"), .id("tile-\(tileID)"), .aria("labelledby", "tile-\(tileID)-heading")) { w in
            w.element(.h2, .id("tile-\(tileID)-heading"), text: tileTitle(tileID, report, l))
            content(&w)
        }
    }

    static func tileTitle(_ id: String, _ report: ReportDefinition, _ l: Language) -> String {
        report.tiles.first { $0.id == id }?.title.text(l) ?? id
    }

    static func figure(_ value: String, _ label: String, _ w: inout HTMLWriter) {
        w.element(.li) { w in
            w.element(.span, .class("figure-value"), text: value)
            w.element(.span, .class("figure-label"), text: label)
        }
    }

    static func period(_ p: StudentPlacement, _ l: Language) -> String {
        StudentText.period(date(p.placementStart, l), date(p.placementEnd, l)).text(l)
    }

    /// `12. maj 2023` / `12 May 2023`.
    static func date(_ iso: String, _ l: Language) -> String {
        guard let d = CalendarDay(iso: iso) else { return iso }
        let month = (l == .da ? Format.daMonths : Format.enMonths)[d.month - 1]
        return l == .da ? "\(d.day). \(month) \(d.year)" : "\(d.day) \(month) \(d.year)"
    }
}
