/// Every piece of UI text of the web workbench, in one place: Danish first, English second.
///
/// A case per message; messages with numbers or names carry them as associated values, so a
/// missing translation or a wrong argument is a compile error. Report, definition and source
/// texts come from the workspace files, not from here.
enum UIText: Sendable {
    case appName, skipToContent, mainNavigation, navReports, navHome, switchLanguage, languageName
    case reportsHeading, reportsIntro, noReports
    case dataAsOf(String), lastMonth(String), noLoads
    case changedMonthsHeading, changedMonthsIntro, changedMonthLine(
        month: String, source: String, rows: Int, kind: String)
    case noChangedMonths
    case definition, definitionVersion(Int), status, effectiveFrom, parameters, owner, changelog
    case whatChanged(from: Int, to: Int), noOtherVersions, sameParameters
    case sourcesHeading, sourcesIntro, firstRecordedFor, recordedBy, system, reusedHere(String)
    case limitsHeading, limitsCannotShow, limitsLeftOut, limitsLate, limitsSuppressed, limitsMustNotServe
    case suppressedCells(Int), noSuppressedCells, suppressionEffect
    case lateRegistrationsNote
    case month, unit, unitType, value, rate, rolling12, shortDays, longDays, spellsStarted, fteDaysLost,
        fteDaysAvailable
    case population
    case showTable, dataTableCaption(String), chartSummary(String)
    case seriesBreak(version: Int, month: String), seriesBreakLegend
    case youAreHere, chooseUnit, show, subUnits, noSubUnits
    case suppressedAbbr, lessThanFive, notAvailable, notEnoughMonths
    case summaryRate(unit: String, month: String, rate: String, rolling: String?)
    case summarySplit(month: String, short: String, long: String)
    case summarySpells(month: String, count: String, total: String)
    case summaryCompare(highest: String, highestRate: String, lowest: String, lowestRate: String, month: String)
    case summaryCompareOne(unit: String, rate: String, month: String, othersHidden: Bool)
    case summaryNoData
    case audience, reportOwner, definitionsUsed, tileDependsOn
    case commentInvite(owner: String)
    case errorTitle, errorBody(requestID: String), notFoundTitle, notFoundBody, badRequestTitle
    case unknownUnit(String), unknownReport(String), unknownMonth, unknownModel(String), navCatalogue, navScenarios,
        unknownScenario(String)
    case warehouseNotBuilt, warehouseNotBuiltBody
    case definitionPageTitle(String), allVersions, backToReport
    case commentsHeading, commentFormLegend, commentRole, commentBody, commentPrivacyNote, commentSubmit, noComments,
        commentInvalid
    case roleManager, roleHR, roleBI, roleOther
    case kindLateRows, kindRetraction, kindReplay, kindOther(String)
    case statusPublished, statusProposed, statusRetired

    /// The text in `language`.
    func text(_ language: Language) -> String {
        let (da, en) = pair
        return language == .da ? da : en
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    private var pair: (String, String) {
        switch self {
        case .appName: ("Klarsyn", "Klarsyn")
        case .skipToContent: ("Spring til indhold", "Skip to content")
        case .mainNavigation: ("Hovedmenu", "Main navigation")
        case .navReports: ("Rapporter", "Reports")
        case .navHome: ("Forside", "Home")
        case .switchLanguage: ("English", "Dansk")
        case .languageName: ("Dansk", "English")
        case .reportsHeading: ("Rapporter", "Reports")
        case .reportsIntro:
            (
                "Rapporterne er til dialog: hver rapport viser sine definitioner og sine grænser, og du opfordres til at kommentere dem.",
                "Reports are meant for dialogue: each shows its definitions and its limits, and invites comment."
            )
        case .noReports:
            ("Arbejdsområdet har ingen rapporter (reports/*.toml).", "The workspace has no reports (reports/*.toml).")
        case .dataAsOf(let d): ("Data pr. \(d)", "Data as of \(d)")
        case .lastMonth(let m): ("Seneste måned med tal: \(m)", "Latest month with figures: \(m)")
        case .noLoads: ("Ingen leverancer indlæst endnu.", "No deliveries loaded yet.")
        case .changedMonthsHeading:
            (
                "Tal for disse måneder er ændret siden sidste indlæsning",
                "Figures for these months changed since the last load"
            )
        case .changedMonthsIntro:
            (
                "Den seneste leverance indeholdt sene eller tilbagekaldte registreringer for allerede indlæste måneder. Tallene for dem er genberegnet.",
                "The latest delivery held late or retracted registrations for months already loaded. Their figures were recalculated."
            )
        case .changedMonthLine(let month, let source, let rows, let kind):
            ("\(month): \(rows) rækker fra \(source) (\(kind))", "\(month): \(rows) rows from \(source) (\(kind))")
        case .noChangedMonths:
            ("Den seneste indlæsning ændrede ingen tidligere måneder.", "The latest load changed no earlier months.")
        case .definition: ("Definition", "Definition")
        case .definitionVersion(let v): ("Version \(v)", "Version \(v)")
        case .status: ("Status", "Status")
        case .effectiveFrom: ("Gælder fra", "Effective from")
        case .parameters: ("Parametre", "Parameters")
        case .owner: ("Ejer", "Owner")
        case .changelog: ("Ændringslog", "Changelog")
        case .whatChanged(let a, let b):
            ("Hvad er ændret fra version \(a) til \(b)", "What changed from version \(a) to \(b)")
        case .noOtherVersions: ("Der er kun én version.", "There is only one version.")
        case .sameParameters: ("Parametrene er de samme.", "The parameters are the same.")
        case .sourcesHeading: ("Kilderne bag tallet", "Sources behind the figure")
        case .sourcesIntro:
            (
                "Data er registreret til ét formål og genbrugt her til et andet. Rækkefølgen af genbrug:",
                "The data were recorded for one purpose and are reused here for another. The order of reuse:"
            )
        case .firstRecordedFor: ("Først registreret til", "First recorded for")
        case .recordedBy: ("Registreret af", "Recorded by")
        case .system: ("System", "System")
        case .reusedHere(let what): ("Genbrugt her: \(what)", "Reused here: \(what)")
        case .limitsHeading: ("Hvad rapporten ikke kan vise", "What this report cannot show")
        case .limitsCannotShow: ("Kan ikke vise", "Cannot show")
        case .limitsLeftOut: ("Hvem er ikke med", "Who is left out")
        case .limitsLate: ("Sene registreringer", "Late registrations")
        case .limitsSuppressed: ("Skjulte celler", "Suppressed cells")
        case .limitsMustNotServe: ("Rapporten må ikke bruges til", "This report must not be used for")
        case .suppressedCells(let n):
            (
                "\(n) enhed-måned-celler på denne side har færre end 5 ansatte og vises som «<5».",
                "\(n) unit-month cells on this page have fewer than 5 employees and are shown as “<5”."
            )
        case .noSuppressedCells:
            ("Ingen celler på denne side har færre end 5 ansatte.", "No cell on this page has fewer than 5 employees.")
        case .suppressionEffect:
            (
                "Skjulte celler er stadig med i tallene for de overordnede enheder, så underenhederne summerer ikke til totalen.",
                "Suppressed cells still count in the figures of the units above them, so the sub-units do not add up to the total."
            )
        case .lateRegistrationsNote:
            (
                "Fravær registreres ofte dage eller uger efter fraværet. Tallene for de seneste måneder kan derfor stige, og et forløb kan blive langvarigt bagudrettet.",
                "Absence is often registered days or weeks after it happened. Figures for recent months may therefore rise, and a spell may become long-term retroactively."
            )
        case .month: ("Måned", "Month")
        case .unit: ("Enhed", "Unit")
        case .unitType: ("Niveau", "Level")
        case .value: ("Værdi", "Value")
        case .rate: ("Sygefravær pr. måned (%)", "Monthly sick-leave rate (%)")
        case .rolling12: ("Rullende 12 måneder (%)", "Rolling 12 months (%)")
        case .shortDays: ("Korttidsfravær (dage)", "Short-term (days)")
        case .longDays: ("Langtidsfravær (dage)", "Long-term (days)")
        case .spellsStarted: ("Påbegyndte sygeforløb", "Spells started")
        case .fteDaysLost: ("Tabte årsværksdage", "FTE days lost")
        case .fteDaysAvailable: ("Mulige årsværksdage", "FTE days available")
        case .population: ("Ansatte", "Employees")
        case .showTable: ("Vis tallene som tabel", "Show the figures as a table")
        case .dataTableCaption(let t): ("Tallene bag diagrammet: \(t)", "The figures behind the chart: \(t)")
        case .chartSummary(let s): ("Kort fortalt: \(s)", "In short: \(s)")
        case .seriesBreak(let v, let m):
            (
                "Seriebrud: definitionen skiftede til version \(v) fra \(m). Tal før og efter kan ikke sammenlignes direkte.",
                "Series break: the definition changed to version \(v) from \(m). Figures before and after are not directly comparable."
            )
        case .seriesBreakLegend:
            (
                "Stiplet lodret linje = seriebrud (ny definitionsversion)",
                "Dashed vertical line = series break (new definition version)"
            )
        case .youAreHere: ("Du er her", "You are here")
        case .chooseUnit: ("Vælg enhed", "Choose unit")
        case .show: ("Vis", "Show")
        case .subUnits: ("Underenheder", "Sub-units")
        case .noSubUnits: ("Enheden har ingen underenheder.", "The unit has no sub-units.")
        case .suppressedAbbr: ("færre end 5 ansatte", "fewer than 5 employees")
        case .lessThanFive: ("<5", "<5")
        case .notAvailable: ("—", "—")
        case .notEnoughMonths: ("(kræver 12 måneder)", "(needs 12 months)")
        case .summaryRate(let unit, let month, let rate, let rolling):
            if let rolling {
                (
                    "Sygefraværet i \(unit) var \(rate) % i \(month) og \(rolling) % over de seneste 12 måneder.",
                    "Sick leave in \(unit) was \(rate) % in \(month) and \(rolling) % over the last 12 months."
                )
            } else {
                ("Sygefraværet i \(unit) var \(rate) % i \(month).", "Sick leave in \(unit) was \(rate) % in \(month).")
            }
        case .summarySplit(let month, let short, let long):
            (
                "I \(month) var \(short) dage korttidsfravær og \(long) dage langtidsfravær.",
                "In \(month) there were \(short) days of short-term and \(long) days of long-term absence."
            )
        case .summarySpells(let month, let count, let total):
            (
                "\(count) sygeforløb begyndte i \(month); \(total) i hele perioden.",
                "\(count) spells started in \(month); \(total) in the whole period."
            )
        case .summaryCompare(let hi, let hiRate, let lo, let loRate, let month):
            (
                "I \(month) havde \(hi) det højeste sygefravær (\(hiRate) %) og \(lo) det laveste (\(loRate) %) blandt underenhederne.",
                "In \(month), \(hi) had the highest sick-leave rate (\(hiRate) %) and \(lo) the lowest (\(loRate) %) among the sub-units."
            )
        case .summaryCompareOne(let unit, let rate, let month, let othersHidden):
            (
                "I \(month) havde \(unit) et sygefravær på \(rate) %"
                    + (othersHidden ? "; de øvrige underenheder vises ikke eller har ingen tal." : "."),
                "In \(month), \(unit) had a sick-leave rate of \(rate) %"
                    + (othersHidden ? "; the other sub-units are hidden or have no figures." : ".")
            )
        case .summaryNoData:
            ("Der er ingen tal at vise for denne enhed.", "There are no figures to show for this unit.")
        case .audience: ("Målgruppe", "Audience")
        case .reportOwner: ("Rapportejer", "Report owner")
        case .definitionsUsed: ("Definitioner", "Definitions")
        case .tileDependsOn: ("Bygger på kolonnerne", "Built on the columns")
        case .commentInvite(let owner):
            (
                "Passer tallene ikke med det, du ser i hverdagen? Tag det op med rapportejeren (\(owner)) — rapporten er et udgangspunkt for dialog, ikke et præstationsmål.",
                "Do the figures not match what you see day to day? Raise it with the report owner (\(owner)) — the report is a starting point for dialogue, not a performance measure."
            )
        case .errorTitle: ("Der skete en fejl", "Something went wrong")
        case .errorBody(let id):
            (
                "Siden kunne ikke vises. Prøv igen om lidt. Hvis fejlen bliver ved, så kontakt BI-enheden og oplys fejl-id \(id).",
                "The page could not be shown. Try again in a moment. If it keeps failing, contact the BI unit and quote error id \(id)."
            )
        case .notFoundTitle: ("Siden findes ikke", "Page not found")
        case .notFoundBody:
            (
                "Adressen findes ikke i Klarsyn. Gå til forsiden for at se rapporterne.",
                "There is no such page in Klarsyn. Go to the home page to see the reports."
            )
        case .badRequestTitle: ("Forespørgslen kan ikke besvares", "The request cannot be answered")
        case .unknownUnit(let u):
            ("Enheden «\(u)» findes ikke i organisationen.", "The unit “\(u)” is not in the organisation.")
        case .unknownReport(let r):
            ("Rapporten «\(r)» findes ikke i arbejdsområdet.", "The report “\(r)” is not in the workspace.")
        case .unknownMonth:
            (
                "Måneden skal skrives som åååå-mm og have tal for enheden.",
                "The month must be written as yyyy-mm and have figures for the unit."
            )
        case .unknownModel(let m): ("Modellen «\(m)» er ikke bygget.", "The model “\(m)” is not built.")
        case .navCatalogue: ("Katalog", "Catalogue")
        case .navScenarios: ("Scenarier", "Scenarios")
        case .unknownScenario(let id):
            (
                "Scenariet «\(id)» findes ikke (eller definitionsversionen findes ikke).",
                "The scenario “\(id)” does not exist (or the definition version does not)."
            )
        case .warehouseNotBuilt: ("Lageret er ikke bygget", "The warehouse has not been built")
        case .warehouseNotBuiltBody:
            (
                "Sygefraværstabellerne findes ikke endnu. Kør `klarsyn build` og genindlæs siden.",
                "The sick-leave tables do not exist yet. Run `klarsyn build` and reload the page."
            )
        case .definitionPageTitle(let t): ("Definition: \(t)", "Definition: \(t)")
        case .allVersions: ("Alle versioner", "All versions")
        case .backToReport: ("Tilbage til rapporten", "Back to the report")
        case .commentsHeading: ("Kommentarer til rapporten", "Comments on the report")
        case .commentFormLegend: ("Skriv en kommentar", "Write a comment")
        case .commentRole: ("Din rolle", "Your role")
        case .commentBody: ("Kommentar", "Comment")
        case .commentPrivacyNote:
            (
                "Skriv ikke navne, helbredsoplysninger eller andet, der kan pege på en person. Kommentaren gemmes med din rolle, ikke dit navn.",
                "Do not write names, health information or anything else that may point to a person. The comment is stored with your role, not your name."
            )
        case .commentSubmit: ("Gem kommentar", "Save comment")
        case .noComments: ("Ingen kommentarer til denne enhed endnu.", "No comments for this unit yet.")
        case .commentInvalid:
            (
                "Kommentaren skal have en rolle og en tekst på højst 2000 tegn.",
                "A comment needs a role and a text of at most 2000 characters."
            )
        case .roleManager: ("Leder", "Manager")
        case .roleHR: ("HR-partner", "HR partner")
        case .roleBI: ("BI-udvikler", "BI developer")
        case .roleOther: ("Andet", "Other")
        case .kindLateRows: ("sene registreringer", "late registrations")
        case .kindRetraction: ("tilbagekaldte registreringer", "retracted registrations")
        case .kindReplay: ("genindlæste karantænerækker", "replayed quarantined rows")
        case .kindOther(let k): (k, k)
        case .statusPublished: ("vedtaget", "published")
        case .statusProposed: ("forslag", "proposed")
        case .statusRetired: ("udgået", "retired")
        }
    }
}
