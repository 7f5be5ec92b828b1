/// What the quarantine page shows.
struct QuarantinePageView: Sendable {
    var language: Language
    /// `open`, `waived`, `fixed`, `replayed` or `all`.
    var status: String
    var files: [QuarantineFile]
    /// More groups exist than the page shows.
    var truncated = false
}

/// The quarantine review: findings grouped by file and rule, with the raw line, and a form
/// that marks the selected open findings waived with a note. Replay stays a CLI action.
enum QuarantinePage {
    static let statuses = ["open", "waived", "fixed", "replayed", "all"]

    static func render(_ v: QuarantinePageView) -> String {
        let l = v.language
        let other: Language = l == .da ? .en : .da
        let title = UIText.quarantineTitle.text(l)
        let anyOpen = v.files.contains { $0.groups.contains { $0.findings.contains { $0.status == "open" } } }
        return Layout.page(title: title, language: l, switchTo: Route.quarantine(status: v.status).href(other)) { w in
            w.element(.h1, text: title)
            w.element(.p, .class("lead"), text: UIText.quarantineIntro.text(l))
            w.element(.p, .class("notice"), text: UIText.quarantineReplayNote.text(l))
            w.element(.p, .class("note"), text: UIText.quarantinePrivacyNote.text(l))
            w.element(.form, .method("get"), .action(Route.quarantine().path), .class("unit-picker")) { w in
                w.element(.input, .type("hidden"), .name("lang"), .value(l.rawValue))
                w.element(.label, .for("quarantine-status"), text: UIText.quarantineStatusFilter.text(l))
                w.element(.select, .id("quarantine-status"), .name("status")) { w in
                    for s in statuses {
                        let label =
                            s == "all" ? UIText.quarantineAllStatuses.text(l) : UIText.quarantineStatus(s).text(l)
                        if s == v.status {
                            w.element(.option, .value(s), .selected, text: label)
                        } else {
                            w.element(.option, .value(s), text: label)
                        }
                    }
                }
                w.element(.button, .type("submit"), text: UIText.quarantineShow.text(l))
            }
            if v.files.isEmpty {
                w.element(.p, text: UIText.quarantineEmpty.text(l))
                return
            }
            let findings = v.files.reduce(0) { $0 + $1.groups.reduce(0) { $0 + $1.total } }
            w.element(
                .p, .class("summary"), text: UIText.quarantineSummary(findings: findings, files: v.files.count).text(l))
            if v.truncated {
                w.element(
                    .p, .class("notice"), text: UIText.quarantineTruncated(QuarantineRepository.maxGroups).text(l))
            }
            w.element(.form, .method("post"), .action(Route.quarantineWaive.path), .class("quarantine-form")) { w in
                w.csrfField()
                w.element(.input, .type("hidden"), .name("lang"), .value(l.rawValue))
                w.element(.input, .type("hidden"), .name("status"), .value(v.status))
                for file in v.files { fileSection(file, l, &w) }
                if anyOpen {
                    w.element(.fieldset, .id("waive")) { w in
                        w.element(.legend, text: UIText.waiveLegend.text(l))
                        w.element(.p, .id("waive-help"), .class("note"), text: UIText.waiveHelp.text(l))
                        w.element(.label, .for("waive-note"), text: UIText.waiveNote.text(l))
                        w.element(
                            .textarea, .id("waive-note"), .name("note"), .attr("rows", "3"),
                            .attr("maxlength", String(QuarantineRepository.maxNoteLength)), .required,
                            .aria("describedby", "waive-help"))
                        w.element(.button, .type("submit"), text: UIText.waiveSubmit.text(l))
                    }
                }
            }
        }
    }

    static func fileSection(_ file: QuarantineFile, _ l: Language, _ w: inout HTMLWriter) {
        w.element(.section, .class("tile"), .id("file-\(file.fileID)"), .aria("labelledby", "file-\(file.fileID)-h")) {
            w in
            w.element(.h2, .id("file-\(file.fileID)-h")) { $0.element(.code, text: file.fileName) }
            w.element(.dl, .class("facts")) { w in
                w.element(.dt, text: UIText.quarantineSource.text(l))
                w.element(.dd) { $0.element(.code, text: file.source) }
                if let d = file.deliveryDate {
                    w.element(.dt, text: UIText.quarantineDelivered.text(l))
                    w.element(.dd) { $0.element(.time, .datetime(d), text: d) }
                }
                w.element(.dt, text: UIText.quarantineFileStatus.text(l))
                w.element(.dd, text: UIText.quarantineStatus(file.status).text(l))
                if let reason = file.heldReason {
                    w.element(.dt, text: UIText.quarantineHeldReason.text(l))
                    w.element(.dd, .lang("en"), text: reason)
                }
            }
            for (i, group) in file.groups.enumerated() {
                let headingID = "file-\(file.fileID)-g\(i)"
                w.element(
                    .h3, .id(headingID),
                    text: UIText.quarantineGroupHeading(
                        rule: group.rule, action: group.action, total: group.total, open: group.open
                    ).text(l))
                if let reason = group.reason { w.element(.p, .lang("en"), text: reason) }
                w.element(.table, .class("quarantine"), .aria("labelledby", headingID)) { w in
                    w.element(.thead) { w in
                        w.element(.tr) { w in
                            w.element(.th, .scope("col"), text: UIText.quarantineLine.text(l))
                            w.element(.th, .scope("col"), text: UIText.quarantineColumn.text(l))
                            w.element(.th, .scope("col"), text: UIText.quarantineObserved.text(l))
                            w.element(.th, .scope("col"), text: UIText.quarantineExpected.text(l))
                            if group.reason == nil {
                                w.element(.th, .scope("col"), text: UIText.quarantineReason.text(l))
                            }
                            w.element(.th, .scope("col"), text: UIText.quarantineRawLine.text(l))
                            w.element(.th, .scope("col"), text: UIText.quarantineStatusFilter.text(l))
                        }
                    }
                    w.element(.tbody) { w in
                        for f in group.findings { findingRow(f, ownReason: group.reason == nil, l, &w) }
                    }
                }
                if group.total > group.findings.count {
                    w.element(
                        .p, .class("note"), text: UIText.quarantineMore(group.total - group.findings.count).text(l))
                }
            }
        }
    }

    static func findingRow(_ f: QuarantineFinding, ownReason: Bool, _ l: Language, _ w: inout HTMLWriter) {
        w.element(.tr) { w in
            w.element(.th, .scope("row")) { w in
                if f.status == "open" {
                    let boxID = "q-\(f.id)"
                    w.element(.input, .type("checkbox"), .id(boxID), .name("id"), .value(String(f.id)))
                    w.text(" ")
                    w.element(.label, .for(boxID)) { w in
                        w.element(.span, .class("visually-hidden"), text: UIText.quarantineChoose(f.id).text(l) + ", ")
                        w.text(f.lineNo == 0 ? UIText.quarantineWholeFile.text(l) : String(f.lineNo))
                    }
                } else {
                    w.text(f.lineNo == 0 ? UIText.quarantineWholeFile.text(l) : String(f.lineNo))
                }
            }
            w.element(.td) { w in
                if let c = f.column { w.element(.code, text: c) }
                if let h = f.sourceHeader {
                    w.text(" ← ")
                    w.element(.code, text: h)
                }
            }
            w.element(.td, text: f.observed ?? "")
            w.element(.td, .lang("en"), text: f.expected ?? "")
            if ownReason { w.element(.td, .lang("en"), text: f.reason) }
            w.element(.td) { w in
                if let raw = f.rawLine { w.element(.code, .class("raw-line"), text: raw) }
            }
            w.element(.td) { w in
                w.text(UIText.quarantineStatus(f.status).text(l))
                if f.replayable && f.status == "open" { w.text(" (" + UIText.quarantineReplayable.text(l) + ")") }
                if let at = f.resolvedAt {
                    w.text(" ")
                    w.element(.time, .datetime(at), text: String(at.prefix(10)))
                }
                if let note = f.note, !note.isEmpty {
                    w.element(.br)
                    w.element(.small, text: UIText.quarantineNote.text(l) + ": " + note)
                }
            }
        }
    }
}
