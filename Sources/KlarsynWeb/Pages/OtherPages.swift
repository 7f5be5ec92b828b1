/// The home page, the definition page and message pages (errors, not built).
enum OtherPages {
    static func home(_ v: HomePageView) -> String {
        let l = v.language
        let other: Language = l == .da ? .en : .da
        return Layout.page(title: UIText.reportsHeading.text(l), language: l, switchTo: Route.home.href(other)) { w in
            w.element(.h1, text: UIText.reportsHeading.text(l))
            w.element(.p, .class("lead"), text: UIText.reportsIntro.text(l))
            if v.reports.isEmpty {
                w.element(.p, text: UIText.noReports.text(l))
            }
            w.element(.ul, .class("report-list")) { w in
                for r in v.reports {
                    w.element(.li) { w in
                        w.element(.a, .href(r.href), text: r.title)
                        if let s = r.summary { w.element(.p, text: s) }
                        w.element(.p, .class("owner"), text: UIText.reportOwner.text(l) + ": " + r.owner)
                    }
                }
            }
        }
    }

    static func definition(_ v: DefinitionPageView, id: String) -> String {
        let l = v.language
        let other: Language = l == .da ? .en : .da
        return Layout.page(
            title: UIText.definitionPageTitle(v.title).text(l), language: l,
            switchTo: Route.definition(id: id).href(other)
        ) { w in
            w.element(.h1) { w in
                w.text(UIText.definition.text(l) + ": ")
                w.element(.span, .lang("en"), text: v.title)
            }
            w.element(.p, text: UIText.allVersions.text(l))
            for (i, card) in v.cards.enumerated() {
                w.element(.article, .class("tile")) { w in
                    ReportPage.definitionCard(card, tileID: "v\(card.version)-\(i)", l, &w)
                }
            }
        }
    }

    static func message(_ v: MessagePageView) -> String {
        Layout.page(title: v.title, language: v.language, switchTo: Route.home.href(v.language == .da ? .en : .da)) {
            w in
            w.element(.h1, text: v.title)
            w.element(.p, text: v.message)
            w.element(.p) { $0.element(.a, .href(Route.home.href(v.language)), text: UIText.navHome.text(v.language)) }
        }
    }
}
