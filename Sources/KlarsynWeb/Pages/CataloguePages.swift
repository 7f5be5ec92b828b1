/// The catalogue: built models, their columns, where each column comes from, and what uses it —
/// including report tiles.
enum CataloguePages {
    static func index(_ models: [ModelEntry], _ l: Language) -> String {
        let title = l == .da ? "Katalog over modeller" : "Catalogue of models"
        return Layout.page(title: title, language: l, switchTo: Route.catalogue.href(l == .da ? .en : .da)) { w in
            w.element(.h1, text: title)
            if models.isEmpty {
                w.element(
                    .p,
                    text: l == .da
                        ? "Ingen modeller er bygget endnu. Kør `klarsyn build`."
                        : "No models are built yet. Run `klarsyn build`.")
                return
            }
            w.element(.table) { w in
                w.element(.caption, text: l == .da ? "Modellerne i seneste bygning" : "The models of the latest build")
                w.element(.thead) { w in
                    w.element(.tr) { w in
                        for h in l == .da
                            ? ["Model", "Version", "Ejer", "Korn", "Rækker"]
                            : ["Model", "Version", "Owner", "Grain", "Rows"]
                        {
                            w.element(.th, .scope("col"), text: h)
                        }
                    }
                }
                w.element(.tbody) { w in
                    for m in models {
                        w.element(.tr) { w in
                            w.element(.th, .scope("row")) {
                                $0.element(.a, .href(Route.model(name: m.name).href(l)), text: m.name)
                            }
                            w.element(.td, .class("num"), text: String(m.version))
                            w.element(.td, .lang("en"), text: m.owner)
                            w.element(.td, .lang("en"), text: m.grain)
                            w.element(.td, .class("num"), text: String(m.rowCount))
                        }
                    }
                }
            }
        }
    }

    static func model(
        _ m: ModelEntry, columns: [ColumnEntry], readers: [String], models: Set<String>,
        reportUses: [String: [(report: String, reportTitle: String, tile: String)]], _ l: Language
    ) -> String {
        Layout.page(title: m.name, language: l, switchTo: Route.model(name: m.name).href(l == .da ? .en : .da)) { w in
            w.element(.nav, .aria("label", UIText.youAreHere.text(l)), .class("breadcrumb")) { w in
                w.element(.ol) { w in
                    w.element(.li) {
                        $0.element(.a, .href(Route.catalogue.href(l)), text: l == .da ? "Katalog" : "Catalogue")
                    }
                    w.element(.li) {
                        $0.element(.a, .href(Route.model(name: m.name).href(l)), .aria("current", "page"), text: m.name)
                    }
                }
            }
            w.element(.h1) { w in
                w.element(.code, text: m.name)
                w.text(" — " + UIText.definitionVersion(m.version).text(l).lowercased())
            }
            w.element(.p, .lang("en"), text: m.description)
            w.element(.dl, .class("facts")) { w in
                w.element(.dt, text: UIText.owner.text(l)); w.element(.dd, .lang("en"), text: m.owner)
                w.element(.dt, text: l == .da ? "Korn" : "Grain"); w.element(.dd, .lang("en"), text: m.grain)
                w.element(.dt, text: l == .da ? "Rækker" : "Rows"); w.element(.dd, text: String(m.rowCount))
            }
            w.element(.table) { w in
                w.element(
                    .caption,
                    text: l == .da
                        ? "Kolonner, hvad de er lavet af, og hvilke rapporter der bruger dem"
                        : "Columns, what they are made of, and which reports use them")
                w.element(.thead) { w in
                    w.element(.tr) { w in
                        for h in l == .da
                            ? ["Kolonne", "Type", "Beskrivelse", "Lavet af", "Bruges i rapporter"]
                            : ["Column", "Type", "Description", "Made of", "Used in reports"]
                        {
                            w.element(.th, .scope("col"), text: h)
                        }
                    }
                }
                w.element(.tbody) { w in
                    for c in columns {
                        w.element(.tr, .id("col-\(c.name)")) { w in
                            w.element(.th, .scope("row")) { $0.element(.code, text: c.name) }
                            w.element(.td, text: c.type)
                            w.element(.td, .lang("en"), text: c.description)
                            w.element(.td) { w in
                                w.element(.ul) { w in
                                    for i in c.inputs {
                                        w.element(.li) { w in
                                            if models.contains(i.table) {
                                                w.element(
                                                    .a,
                                                    .href(
                                                        Route.model(name: i.table).href(l) + "#col-"
                                                            + Route.encode(i.column))
                                                ) { $0.element(.code, text: "\(i.table).\(i.column)") }
                                            } else {
                                                w.element(.code, text: "\(i.table).\(i.column)")
                                            }
                                            w.text(" (\(i.kind))")
                                        }
                                    }
                                }
                            }
                            w.element(.td) { w in
                                w.element(.ul) { w in
                                    for u in reportUses[c.name] ?? [] {
                                        w.element(.li) {
                                            $0.element(
                                                .a,
                                                .href(
                                                    Route.report(id: u.report).href(l) + "#tile-" + Route.encode(u.tile)
                                                ), text: "\(u.reportTitle) › \(u.tile)")
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if !readers.isEmpty {
                w.element(.h2, text: l == .da ? "Modeller, der læser denne model" : "Models that read this model")
                w.element(.ul) { w in
                    for r in readers { w.element(.li) { $0.element(.a, .href(Route.model(name: r).href(l)), text: r) } }
                }
            }
        }
    }
}
