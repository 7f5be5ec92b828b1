/// The page shell every page shares: `lang`, skip link, landmarks, language switch.
enum Layout {
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
                    w.element(.nav, .aria("label", UIText.mainNavigation.text(language))) { w in
                        w.element(.ul) { w in
                            w.element(.li) {
                                $0.element(.a, .href(Route.home.href(language)), text: UIText.navReports.text(language))
                            }
                            w.element(.li) {
                                $0.element(
                                    .a, .href(Route.scenarios.href(language)), text: UIText.navScenarios.text(language))
                            }
                            w.element(.li) {
                                $0.element(
                                    .a, .href(Route.catalogue.href(language)), text: UIText.navCatalogue.text(language))
                            }
                            w.element(.li) {
                                $0.element(
                                    .a, .href(Route.quarantine().href(language)),
                                    text: UIText.navQuarantine.text(language))
                            }
                            w.element(.li) { w in
                                let other: Language = language == .da ? .en : .da
                                w.element(
                                    .a, .href(switchTo), .lang(other.rawValue), .attr("hreflang", other.rawValue),
                                    text: UIText.switchLanguage.text(language))
                            }
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
