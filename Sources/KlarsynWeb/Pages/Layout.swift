/// The page shell every page shares: `lang`, skip link, landmarks, language switch.
enum Layout {
    /// A wide table's container: a labelled region that takes keyboard focus, so that keyboard
    /// users can scroll it when it is wider than the page (WCAG 2.1.1, 1.4.10).
    static func scrollRegion(labelledBy id: String, _ w: inout HTMLWriter, _ body: (inout HTMLWriter) -> Void) {
        w.element(.div, .class("table-scroll"), .role("region"), .aria("labelledby", id), .attr("tabindex", "0")) {
            body(&$0)
        }
    }

    /// A full HTML document. `currentPath` is the page's own route, used for the language switch.
    static func page(
        title: String, language: Language, switchTo: String, body: (inout HTMLWriter) -> Void
    ) -> String {
        var w = HTMLWriter()
        w.trusted("<!DOCTYPE html>\n")
        w.element(.html, .lang(language.rawValue)) { w in
            w.element(.head) { w in
                w.element(.meta, .attr("charset", "utf-8"))
                w.element(.meta, .name("viewport"), .attr("content", "width=device-width, initial-scale=1"))
                w.element(.title, text: title + " — Klarsyn")
                w.element(.link, .attr("rel", "stylesheet"), .href(Route.stylesheet.href(language)))
            }
            w.element(.body) { w in
                w.element(.a, .class("skip-link"), .href("#main"), text: UIText.skipToContent.text(language))
                w.element(.header, .class("site-header")) { w in
                    w.element(
                        .a, .class("brand"), .href(Route.home.href(language)), text: UIText.appName.text(language))
                    let chrome = PageChrome.current
                    let user = chrome.user
                    w.element(.nav, .aria("label", UIText.mainNavigation.text(language))) { w in
                        w.element(.ul) { w in
                            var links: [(String, String)] = []
                            if user?.can(.viewReports) == true {
                                links.append((Route.home.href(language), UIText.navReports.text(language)))
                            }
                            if user?.can(.viewDefinitions) == true {
                                links.append((Route.scenarios.href(language), UIText.navScenarios.text(language)))
                            }
                            if user?.can(.viewCatalogue) == true {
                                links.append((Route.catalogue.href(language), UIText.navCatalogue.text(language)))
                            }
                            if user?.can(.reviewQuarantine) == true {
                                links.append((Route.quarantine().href(language), UIText.navQuarantine.text(language)))
                            }
                            if user?.can(.viewStudentData) == true {
                                links.append((Route.students.href(language), StudentText.nav.text(language)))
                            }
                            if user?.can(.reconcile) == true {
                                links.append((Route.reconciliation.href(language), ReconcileText.nav.text(language)))
                            }
                            if user?.can(.viewMigration) == true {
                                links.append((Route.migration.href(language), MigrationText.nav.text(language)))
                            }
                            if user?.can(.readAuditLog) == true {
                                links.append((Route.audit.href(language), AccessText.auditTitle.text(language)))
                            }
                            for (href, text) in links {
                                w.element(.li) { $0.element(.a, .href(href), text: text) }
                            }
                            w.element(.li) { w in
                                let other: Language = language == .da ? .en : .da
                                w.element(
                                    .a, .href(switchTo), .lang(other.rawValue), .attr("hreflang", other.rawValue),
                                    text: UIText.switchLanguage.text(language))
                            }
                        }
                    }
                    if let user {
                        w.element(.form, .method("post"), .action(Route.logout.path), .class("sign-out")) { w in
                            w.csrfField()
                            w.element(
                                .span, .class("signed-in"),
                                text: AccessText.signedInAs(
                                    user.displayName, role: AccessText.roleName(user.role).text(language)
                                ).text(language))
                            w.element(.button, .type("submit"), text: AccessText.signOut.text(language))
                        }
                    }
                }
                w.element(.main, .id("main"), .attr("tabindex", "-1")) { body(&$0) }
                w.element(.footer, .class("site-footer")) { w in
                    w.element(
                        .p,
                        text: UIText.footer.text(language))
                }
            }
        }
        return w.output
    }
}
