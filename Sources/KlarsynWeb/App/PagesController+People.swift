import Foundation
import Hummingbird
import KlarsynCore
import KlarsynMetrics

extension PagesController {
    /// The employee-months behind a unit-month figure: person-level, so a stated purpose, the
    /// `viewPersonLevel` permission and a unit inside the user's scope; written to the audit log
    /// before the page is returned. POST, so no employee data or purpose ends up in an address.
    func explainPeople(_ request: Request, id: String, context: KlarsynRequestContext) async throws -> Response {
        let fields = FormFields.parse(String(buffer: try await request.body.collect(upTo: 64 * 1024)))
        let unitID = FormFields.first(fields, "unit") ?? ""
        let monthText = FormFields.first(fields, "month") ?? ""
        let l = FormFields.first(fields, "lang").flatMap(Language.init(rawValue:)) ?? defaultLanguage
        let (user, purpose) = try context.requirePersonLevel(purpose: FormFields.first(fields, "purpose"))
        guard user.scope.allows(unit: unitID) else { throw AccessDenied.forbidden(reason: "scope:unit") }
        guard let report = facts.report(id) else { throw PageError.notFound(.unknownReport(String(id.prefix(64)))) }
        guard let month = YearMonth(text: monthText) else { throw PageError.badRequest(.unknownMonth) }
        guard unitID.count <= 64, unitID.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw PageError.badRequest(.unknownUnit(String(unitID.prefix(64))))
        }
        guard try await repository.isBuilt() else { throw PageError.notBuilt }
        let org = try await repository.organisation(on: month.lastDay)
        guard let unit = org.units[unitID] else { throw PageError.notFound(.unknownUnit(unitID)) }
        let shown = try await repository.unitMonths(units: [unitID]).filter { $0.month == month }
        guard
            let row = ReportPageBuilder(facts: facts, repository: repository).chooseVersions(shown, facts.sickLeave)
                .first
        else { throw PageError.notFound(.unknownMonth) }
        let definition = facts.sickLeave?.version(row.definitionVersion)
        let forms = definition?.parameters.population ?? SickLeaveParameters.regionDefault.population
        let people = try await repository.employeeMonths(
            unit: unitID, month: month, forms: forms, version: row.definitionVersion,
            tree: UnitTree(periods: org.periods))
        try await context.audit(
            AuditEvent(
                action: .personView, report: report.id, reportVersion: "sick-leave@\(row.definitionVersion)",
                subjects: people.map(\.employeeID), purpose: purpose,
                filters: ["unit": unitID, "month": month.text, "view": "employee-months"],
                cellsServed: people.count * 5, cellsSuppressed: 0))
        let html = AccessPages.people(
            language: l, reportID: report.id, unitID: unitID, unitName: unit.name, month: month, rows: people)
        var response = HTMLResponse.page(html)
        response.headers[.cacheControl] = "no-store, private"
        response.headers[.init("Pragma")!] = "no-cache"
        return response
    }
}

extension AccessPages {
    /// The purpose form on the explain page (only for roles with `viewPersonLevel`).
    static func peopleForm(reportID: String, unitID: String, month: String, _ l: Language, _ w: inout HTMLWriter) {
        guard PageChrome.current.user?.can(.viewPersonLevel) == true else { return }
        w.element(.section, .class("people-form"), .aria("labelledby", "people-heading")) { w in
            w.element(.h2, .id("people-heading"), text: AccessText.peopleHeading.text(l))
            w.element(.p, text: AccessText.peopleIntro.text(l))
            w.element(.form, .method("post"), .action(Route.explainPeople(report: reportID).path)) { w in
                w.csrfField()
                w.element(.input, .type("hidden"), .name("unit"), .value(unitID))
                w.element(.input, .type("hidden"), .name("month"), .value(month))
                w.element(.input, .type("hidden"), .name("lang"), .value(l.rawValue))
                w.element(.p) { w in
                    w.element(.label, .for("purpose"), text: AccessText.purposeLabel.text(l))
                    w.element(
                        .textarea, .id("purpose"), .name("purpose"), .attr("minlength", "10"),
                        .attr("maxlength", "500"), .attr("rows", "2"), .aria("describedby", "purpose-hint"), .required
                    ) { _ in }
                    w.element(.small, .id("purpose-hint"), text: AccessText.purposeHint.text(l))
                }
                w.element(.button, .type("submit"), text: AccessText.peopleButton.text(l))
            }
        }
    }

    static func people(
        language l: Language, reportID: String, unitID: String, unitName: String, month: YearMonth,
        rows: [EmployeeMonthRow]
    ) -> String {
        let title = AccessText.peopleTitle(unit: unitName, month: Format.monthName(month, l)).text(l)
        let other: Language = l == .da ? .en : .da
        return Layout.page(
            title: title, language: l,
            switchTo: Route.explain(report: reportID, unit: unitID, month: month.text).href(other)
        ) { w in
            w.element(.p) {
                $0.element(
                    .a, .href(Route.explain(report: reportID, unit: unitID, month: month.text).href(l)),
                    text: UIText.backToReport.text(l))
            }
            w.element(.h1, text: title)
            w.element(.p, .class("notice"), .role("note"), text: AccessText.peopleNoStore.text(l))
            w.element(.p, text: AccessText.peopleLogged.text(l) + " " + AccessText.peopleCount(rows.count).text(l))
            if rows.isEmpty {
                w.element(.p, text: AccessText.peopleNone.text(l))
                return
            }
            Layout.scrollRegion(labelledBy: "people-caption", &w) { w in
                w.element(.table, .class("data")) { w in
                    w.element(.caption, .id("people-caption"), text: title)
                    w.element(.thead) { w in
                        w.element(.tr) { w in
                            w.element(.th, .scope("col"), text: AccessText.employee.text(l))
                            for h: UIText in [.fteDaysLost, .fteDaysAvailable, .shortDays, .longDays] {
                                w.element(.th, .scope("col"), text: h.text(l))
                            }
                        }
                    }
                    w.element(.tbody) { w in
                        for r in rows {
                            w.element(.tr) { w in
                                w.element(.th, .scope("row"), text: r.employeeID)
                                for v in [r.fteDaysLost, r.fteDaysAvailable, r.shortDays, r.longDays] {
                                    w.element(.td, text: Format.decimal(v, l))
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
