/// The auditor's filter by kind of entry on `/audit` (`?action=report-view`), and the names of the kinds.
enum AuditKindFilter {
    /// The kind's name in the page language, with its stored code.
    static func label(_ action: AuditAction, _ l: Language) -> String {
        let (da, en): (String, String) =
            switch action {
            case .personView: ("Opslag på personniveau", "Person-level look-up")
            case .export: ("Eksport", "Export")
            case .denied: ("Afvist", "Refused")
            case .signIn: ("Logget ind", "Signed in")
            case .signInFailed: ("Mislykket log-ind", "Failed sign-in")
            case .signOut: ("Logget ud", "Signed out")
            case .auditRead: ("Læst log", "Log read")
            case .reportView: ("Rapportside vist", "Report page viewed")
            case .explainView: ("Forklaring vist", "Explain page viewed")
            }
        return "\(l == .da ? da : en) (\(action.rawValue))"
    }

    /// A GET form: a select of every kind ("all" first) and a button.
    static func form(selected: AuditAction?, _ l: Language, _ w: inout HTMLWriter) {
        w.element(.form, .method("get"), .action(Route.audit.path), .class("audit-filter")) { w in
            w.element(.input, .type("hidden"), .name("lang"), .value(l.rawValue))
            w.element(.fieldset) { w in
                w.element(.legend, text: l == .da ? "Vis én slags linjer" : "Show one kind of line")
                w.element(.label, .for("action"), text: l == .da ? "Slags" : "Kind")
                w.element(.select, .id("action"), .name("action")) { w in
                    if selected == nil {
                        w.element(.option, .value(""), .attr("selected", ""), text: l == .da ? "Alle" : "All")
                    } else {
                        w.element(.option, .value(""), text: l == .da ? "Alle" : "All")
                    }
                    for a in AuditAction.allCases {
                        if a == selected {
                            w.element(.option, .value(a.rawValue), .attr("selected", ""), text: label(a, l))
                        } else {
                            w.element(.option, .value(a.rawValue), text: label(a, l))
                        }
                    }
                }
                w.element(.button, .type("submit"), text: l == .da ? "Filtrér" : "Filter")
            }
        }
    }
}
