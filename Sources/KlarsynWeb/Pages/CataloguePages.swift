/// The catalogue: built models, their columns, where each column comes from, and what uses it —
/// including report tiles.
enum CataloguePages {
    static func index(_ models: [ModelEntry], _ l: Language) -> String {
        let title = UIText.catalogueTitle.text(l)
        return Layout.page(title: title, language: l, switchTo: Route.catalogue.href(l == .da ? .en : .da)) { w in
            w.element(.h1, text: title)
            if models.isEmpty {
                w.element(.p, text: UIText.noModels.text(l))
                return
            }
            w.element(.table) { w in
                w.element(.caption, text: UIText.modelsCaption.text(l))
                w.element(.thead) { w in
                    w.element(.tr) { w in
                        for h in [UIText.modelColumn, .versionColumn, .owner, .grain, .rows] {
                            w.element(.th, .scope("col"), text: h.text(l))
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
        reportUses: [String: [(report: String, reportTitle: String, tile: String)]], _ l: Language,
        tests: [TestResultEntry] = []
    ) -> String {
        Layout.page(title: m.name, language: l, switchTo: Route.model(name: m.name).href(l == .da ? .en : .da)) { w in
            w.element(.nav, .aria("label", UIText.youAreHere.text(l)), .class("breadcrumb")) { w in
                w.element(.ol) { w in
                    w.element(.li) {
                        $0.element(.a, .href(Route.catalogue.href(l)), text: UIText.navCatalogue.text(l))
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
                w.element(.dt, text: UIText.grain.text(l)); w.element(.dd, .lang("en"), text: m.grain)
                w.element(.dt, text: UIText.rows.text(l)); w.element(.dd, text: String(m.rowCount))
            }
            w.element(.table) { w in
                w.element(
                    .caption,
                    text: UIText.columnsCaption.text(l))
                w.element(.thead) { w in
                    w.element(.tr) { w in
                        for h in [
                            UIText.columnColumn, .columnType, .descriptionColumn, .madeOfColumn, .usedInReportsColumn,
                        ] {
                            w.element(.th, .scope("col"), text: h.text(l))
                        }
                    }
                }
                w.element(.tbody) { w in
                    for c in columns {
                        w.element(.tr, .id("col-\(c.name)")) { w in
                            w.element(.th, .scope("row")) { w in
                                w.element(.a, .href(Route.column(model: m.name, column: c.name).href(l))) {
                                    $0.element(.code, text: c.name)
                                }
                            }
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
            testsSection(tests, id: "tests", l, &w)
            if !readers.isEmpty {
                w.element(.h2, text: UIText.modelReaders.text(l))
                w.element(.ul) { w in
                    for r in readers { w.element(.li) { $0.element(.a, .href(Route.model(name: r).href(l)), text: r) } }
                }
            }
        }
    }

    /// The data tests and their results in the latest build that ran them.
    static func testsSection(_ tests: [TestResultEntry], id: String, _ l: Language, _ w: inout HTMLWriter) {
        w.element(.section, .aria("labelledby", id + "-h")) { w in
            w.element(.h2, .id(id + "-h"), text: UIText.testsHeading.text(l))
            guard let first = tests.first else {
                w.element(.p, text: UIText.noTests.text(l))
                return
            }
            w.element(.table, .class("tests")) { w in
                w.element(
                    .caption, text: UIText.testsCaption(build: first.buildID, finished: first.finishedAt ?? "").text(l))
                w.element(.thead) { w in
                    w.element(.tr) { w in
                        for h in [UIText.testName, .testSeverity, .testResult, .testFailingRows] {
                            w.element(.th, .scope("col"), text: h.text(l))
                        }
                    }
                }
                w.element(.tbody) { w in
                    for t in tests {
                        w.element(.tr) { w in
                            w.element(.th, .scope("row")) { $0.element(.code, text: t.name) }
                            w.element(.td, text: t.severity)
                            w.element(
                                .td, .class(t.status == "pass" ? "test-pass" : "test-fail"),
                                text: (t.status == "pass" ? UIText.testPassed : UIText.testFailed).text(l))
                            w.element(.td, .class("num"), text: String(t.failingRows))
                        }
                    }
                }
            }
        }
    }
}
