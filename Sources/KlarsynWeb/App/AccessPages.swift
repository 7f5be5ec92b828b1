/// The sign-in page and the auditor's log page.
enum AccessPages {
    static func login(language l: Language, next: String, failed: Bool) -> String {
        let other: Language = l == .da ? .en : .da
        return Layout.page(
            title: AccessText.signInTitle.text(l), language: l, switchTo: Route.login(next: next).href(other)
        ) { w in
            w.element(.h1, text: AccessText.signInTitle.text(l))
            w.element(.p, .class("lead"), text: AccessText.signInIntro.text(l))
            if failed { w.element(.p, .class("form-error"), .role("alert"), text: AccessText.signInFailed.text(l)) }
            w.element(.form, .method("post"), .action(Route.login().path), .class("sign-in")) { w in
                w.csrfField()
                w.element(.input, .type("hidden"), .name("next"), .value(next))
                w.element(.input, .type("hidden"), .name("lang"), .value(l.rawValue))
                w.element(.p) { w in
                    w.element(.label, .for("login"), text: AccessText.loginName.text(l))
                    w.element(
                        .input, .id("login"), .name("login"), .type("text"), .attr("autocomplete", "username"),
                        .attr("maxlength", "64"), .required)
                }
                w.element(.p) { w in
                    w.element(.label, .for("password"), text: AccessText.password.text(l))
                    w.element(
                        .input, .id("password"), .name("password"), .type("password"),
                        .attr("autocomplete", "current-password"), .attr("maxlength", "256"), .required)
                }
                w.element(.button, .type("submit"), text: AccessText.signInButton.text(l))
            }
        }
    }

    static func audit(
        language l: Language, entries: [AuditRecord], verification: AuditLog.Verification, subject: String?,
        kind: AuditAction? = nil
    ) -> String {
        let other: Language = l == .da ? .en : .da
        return Layout.page(title: AccessText.auditTitle.text(l), language: l, switchTo: Route.audit.href(other)) { w in
            w.element(.h1, text: AccessText.auditTitle.text(l))
            w.element(.p, .class("lead"), text: AccessText.auditIntro.text(l))
            if let problem = verification.problem {
                w.element(.p, .class("form-error"), .role("alert"), text: AccessText.auditChainBroken(problem).text(l))
            } else {
                w.element(.p, .class("notice"), text: AccessText.auditChainOK(verification.entries).text(l))
            }
            w.element(.form, .method("post"), .action(Route.auditPerson.path)) { w in
                w.csrfField()
                w.element(.fieldset) { w in
                    w.element(.legend, text: AccessText.auditPersonLegend.text(l))
                    w.element(.label, .for("subject"), text: AccessText.auditPersonField.text(l))
                    w.element(
                        .input, .id("subject"), .name("subject"), .type("text"), .attr("maxlength", "32"),
                        .attr("autocomplete", "off"), .required)
                    w.element(.button, .type("submit"), text: AccessText.auditPersonButton.text(l))
                }
            }
            if subject == nil { AuditKindFilter.form(selected: kind, l, &w) }
            if subject != nil {
                w.element(.h2, text: AccessText.auditPersonHeading(entries.count).text(l))
            }
            if entries.isEmpty {
                w.element(.p, text: AccessText.auditEmpty.text(l))
                return
            }
            Layout.scrollRegion(labelledBy: "audit-caption", &w) { w in
                w.element(.table, .class("data")) { w in
                    w.element(.caption, .id("audit-caption"), text: AccessText.auditTitle.text(l))
                    w.element(.thead) { w in
                        w.element(.tr) { w in
                            for h: AccessText in [
                                .auditWhen, .auditWho, .auditRole, .auditAction, .auditReport, .auditPurpose,
                                .auditFilters, .auditSubjects, .auditCells, .auditRequest,
                            ] {
                                w.element(.th, .scope("col"), text: h.text(l))
                            }
                        }
                    }
                    w.element(.tbody) { w in
                        for e in entries {
                            w.element(.tr) { w in
                                w.element(.td, text: e.at)
                                w.element(.td, text: e.actor)
                                w.element(
                                    .td, text: Role(rawValue: e.role).map { AccessText.roleName($0).text(l) } ?? e.role)
                                w.element(
                                    .td,
                                    text: AuditKindFilter.label(e.event.action, l)
                                        + (e.event.note.map { " (\($0))" } ?? ""))
                                w.element(
                                    .td,
                                    text: [e.event.report, e.event.reportVersion].compactMap { $0 }.joined(
                                        separator: " "))
                                w.element(.td, text: e.event.purpose ?? "")
                                w.element(.td, text: AuditLog.filtersText(e.event.filters))
                                w.element(.td, text: AuditLog.subjectsText(e.event.subjects))
                                w.element(.td, text: "\(e.event.cellsServed) / \(e.event.cellsSuppressed)")
                                w.element(.td) { $0.element(.code, text: e.requestID) }
                            }
                        }
                    }
                }
            }
        }
    }
}

extension AccessPages {
    /// Download links for what the page shows (only for roles with the `export` permission).
    static func exportLinks(reportID: String, unitID: String, _ l: Language, _ w: inout HTMLWriter) {
        guard PageChrome.current.user?.can(.export) == true else { return }
        w.element(.p, .class("exports")) { w in
            w.text(AccessText.exportLead.text(l) + " ")
            for (format, label) in [("csv", "CSV"), ("excel", "CSV (Excel, ;)"), ("xlsx", "XLSX")] {
                w.element(
                    .a, .href(Route.reportExport(id: reportID, unit: unitID, format: format).href(l)),
                    .attr("download", ""), text: label)
                w.text(" ")
            }
            w.element(.small, text: AccessText.exportLogged.text(l))
        }
    }
}
