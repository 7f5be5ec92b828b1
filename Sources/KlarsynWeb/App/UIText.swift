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
    case navQuarantine, quarantineTitle, quarantineIntro, quarantineReplayNote, quarantinePrivacyNote, quarantineEmpty
    case quarantineShow, quarantineStatusFilter, quarantineStatus(String), quarantineAllStatuses
    case quarantineReason, quarantineSummary(findings: Int, files: Int), quarantineTruncated(Int)
    case quarantineSource, quarantineDelivered, quarantineFileStatus, quarantineHeldReason
    case quarantineGroupHeading(rule: String, action: String, total: Int, open: Int)
    case quarantineLine, quarantineColumn, quarantineObserved, quarantineExpected, quarantineRawLine, quarantineNote,
        quarantineChoose(Int64), quarantineWholeFile, quarantineReplayable, quarantineMore(Int)
    case waiveLegend, waiveNote, waiveSubmit, waiveHelp, waiveInvalid
    case commentTile, commentWholeReport, commentAbout(String), tileCommentsSummary(Int)
    case kindQuestion, kindDataError, kindContextEvent, commentKind, commentEventDate, commentEventHelp, commentEventOn,
        commentEventInvalid, commentPinned(version: Int), contextEventNote(date: String, text: String),
        contextEventNumbered(String)
    case dataStatus, aboutReport, noteColumn, footer, versionsShown(String), versionSpan(
        version: Int, from: String, to: String)
    case tileNotDrawn, rollingMonths(Int), changedSinceLastLoad, seriesBreakNote(Int), noEmploymentModel, builtAt(
        String)
    case incompleteMonth(month: String, coveredTo: String), reuseSentence(String)
    case catalogueTitle, noModels, modelsCaption, modelColumn, versionColumn, grain, rows, columnsCaption, columnColumn,
        descriptionColumn, madeOfColumn, usedInReportsColumn, modelReaders
    case testsHeading, noTests, testsCaption(build: Int64, finished: String), testName, testSeverity, testResult,
        testFailingRows, testPassed, testFailed
    case lineageHeader(source: String, header: String), lineageTiles(String), lineageUpstream, lineageDownstream,
        lineageUpstreamIntro, lineageDownstreamIntro, lineageGraphSummary(steps: Int, shown: Bool), lineageNone,
        lineageListHeading, columnType, unknownColumn(String), columnPageTitle(String), columnLineageLink
    case answerKeyLongTerm, answerKeySpells, answerKeyLongTermDays, answerKeyShortTermDays, answerKeyDaysLost,
        answerKeyFTEDaysLost
    case answersHeading, answersIntro, answerFormLegend, answerQuestion, answerValue, answerValueHelp, answerComment,
        answerBy, answerByHelp, answerSubmit, answerInvalid, answerPrivacyNote, noAnswers, answerYes, answerNo
    case scenarioNotAnswered, scenarioAgrees, scenarioContradicts, scenariosTitle, scenariosIntro, scenariosCaption,
        scenarioColumn, answeredByColumn, scenarioTitle(String), allScenarios, definitionVersionNav,
        scenarioChecksCaption(String), hrAnswerColumn, definitionComputesColumn, agreesColumn, answeredByLine(String),
        scenarioFileNote(String), howTheDefinitionComputes
    case newAnswersColumn, newAnswersCount(Int), newAnswersContradict(String)
    case agreementHeading, agreementCaption, agreementVersion, agreementFile, agreementIncluding, exportLink,
        exportHelp, answerGiven(key: String, value: String)

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
        case .navQuarantine: ("Karantæne", "Quarantine")
        case .quarantineTitle: ("Karantæne: det indlæsningen ikke kunne bruge", "Quarantine: what ingest could not use")
        case .quarantineIntro:
            (
                "Hver linje i en leveret fil bliver enten brugt, sat i karantæne med en grund eller holdt tilbage sammen med hele filen. Her er fundene samlet pr. fil og regel, med linjen som den blev modtaget.",
                "Every line of a delivered file is either used, quarantined with a reason, or held back with its whole file. Here the findings are grouped by file and rule, with the line as it was received."
            )
        case .quarantineReplayNote:
            (
                "Rettelser sker ved kilden: bed om en rettet levering, eller frafald fundet her med en begrundelse. Linjer, der venter på andre data (fx en ukendt medarbejder), genindlæses automatisk efter næste indlæsning eller med kommandoen «klarsyn quarantine replay» — det gøres ikke fra browseren.",
                "Fixes happen at the source: ask for a corrected delivery, or waive the finding here with a reason. Lines waiting for other data (e.g. an unknown employee) are re-checked after the next ingest or with the command “klarsyn quarantine replay” — not from the browser."
            )
        case .quarantinePrivacyNote:
            (
                "Rå linjer kan indeholde medarbejdernumre. Brug dem kun til at rette data, og kopier dem ikke ud af Klarsyn.",
                "Raw lines may contain employee numbers. Use them only to correct data, and do not copy them out of Klarsyn."
            )
        case .quarantineEmpty: ("Ingen fund med denne status.", "No findings with this status.")
        case .quarantineShow: ("Vis", "Show")
        case .quarantineStatusFilter: ("Status", "Status")
        case .quarantineStatus(let s):
            switch s {
            case "open": ("åben", "open")
            case "waived": ("frafaldet", "waived")
            case "fixed": ("rettet", "fixed")
            case "replayed": ("genindlæst", "replayed")
            case "loaded": ("indlæst", "loaded")
            case "held": ("holdt tilbage", "held")
            default: (s, s)
            }
        case .quarantineAllStatuses: ("alle", "all")
        case .quarantineReason: ("Grund", "Reason")
        case .quarantineSummary(let findings, let files):
            (
                "\(findings) fund i \(files) \(files == 1 ? "fil" : "filer").",
                "\(findings) \(findings == 1 ? "finding" : "findings") in \(files) \(files == 1 ? "file" : "files")."
            )
        case .quarantineTruncated(let n):
            (
                "Siden viser de \(n) nyeste grupper (fil og regel). Se resten med «klarsyn quarantine list --summary».",
                "The page shows the \(n) newest groups (file and rule). See the rest with “klarsyn quarantine list --summary”."
            )
        case .quarantineSource: ("Kilde", "Source")
        case .quarantineDelivered: ("Leveret", "Delivered")
        case .quarantineFileStatus: ("Filens status", "File status")
        case .quarantineHeldReason: ("Holdt tilbage fordi", "Held because")
        case .quarantineGroupHeading(let rule, let action, let total, let open):
            (
                "\(rule) → \(action): \(total) fund, \(open) åbne",
                "\(rule) → \(action): \(total) findings, \(open) open"
            )
        case .quarantineLine: ("Linje", "Line")
        case .quarantineColumn: ("Kolonne (overskrift)", "Column (header)")
        case .quarantineObserved: ("Fundet", "Observed")
        case .quarantineExpected: ("Forventet", "Expected")
        case .quarantineRawLine: ("Rå linje", "Raw line")
        case .quarantineNote: ("Note", "Note")
        case .quarantineChoose(let id): ("Vælg fund \(id)", "Select finding \(id)")
        case .quarantineWholeFile: ("hele filen", "the whole file")
        case .quarantineReplayable: ("genprøves ved replay", "re-checked by replay")
        case .quarantineMore(let n):
            (
                "… og \(n) fund mere. Se dem alle med «klarsyn quarantine list».",
                "… and \(n) more findings. See them all with “klarsyn quarantine list”."
            )
        case .lineageHeader(let source, let header):
            ("overskriften «\(header)» i filerne fra \(source)", "the header “\(header)” in the files of \(source)")
        case .dataStatus: ("Datastatus", "Data status")
        case .aboutReport: ("Om rapporten", "About the report")
        case .noteColumn: ("Bemærkning", "Note")
        case .footer:
            (
                "Klarsyn — åbent datavarehus for det offentlige sundhedsvæsen. Alle tal kan forklares.",
                "Klarsyn — an open data warehouse for public healthcare. Every figure can be explained."
            )
        case .versionsShown(let spans):
            ("Tallene på siden følger \(spans).", "The figures on this page follow \(spans).")
        case .versionSpan(let v, let from, let to): ("version \(v) (\(from) – \(to))", "version \(v) (\(from) – \(to))")
        case .tileNotDrawn:
            (
                "Denne flise bruger kolonner, som websiden endnu ikke kan tegne; den vises ikke.",
                "This tile uses columns the web pages cannot draw yet; it is not shown."
            )
        case .rollingMonths(let n): ("Rullende \(n) måneder", "Rolling \(n) months")
        case .changedSinceLastLoad: ("ændret siden sidste indlæsning", "changed since the last load")
        case .seriesBreakNote(let v): ("seriebrud: definition v\(v)", "series break: definition v\(v)")
        case .noEmploymentModel:
            (
                "Lageret har ingen ansættelsesmodel, så antallet af ansatte kan ikke tælles: alle celler er skjult.",
                "The warehouse has no employment model, so employees cannot be counted: every cell is hidden."
            )
        case .builtAt(let b): (" (bygget \(b))", " (built \(b))")
        case .incompleteMonth(let month, let to):
            (
                "\(month.prefix(1).uppercased() + month.dropFirst()) er ikke med: leverancerne dækker kun til \(to).",
                "\(month) is left out: the deliveries only cover it up to \(to)."
            )
        case .reuseSentence(let d):
            (
                "Klarsyn beregner sygefravær af disse data efter definitionen \(d).",
                "Klarsyn computes sick leave from these data under the definition \(d)."
            )
        case .catalogueTitle: ("Katalog over modeller", "Catalogue of models")
        case .noModels:
            ("Ingen modeller er bygget endnu. Kør `klarsyn build`.", "No models are built yet. Run `klarsyn build`.")
        case .modelsCaption: ("Modellerne i seneste bygning", "The models of the latest build")
        case .modelColumn: ("Model", "Model")
        case .versionColumn: ("Version", "Version")
        case .grain: ("Korn", "Grain")
        case .rows: ("Rækker", "Rows")
        case .columnsCaption:
            (
                "Kolonner, hvad de er lavet af, og hvilke rapporter der bruger dem",
                "Columns, what they are made of, and which reports use them"
            )
        case .columnColumn: ("Kolonne", "Column")
        case .descriptionColumn: ("Beskrivelse", "Description")
        case .madeOfColumn: ("Lavet af", "Made of")
        case .usedInReportsColumn: ("Bruges i rapporter", "Used in reports")
        case .modelReaders: ("Modeller, der læser denne model", "Models that read this model")
        case .testsHeading: ("Test og seneste resultater", "Tests and latest results")
        case .noTests:
            ("Ingen test i seneste bygning.", "No tests in the latest build.")
        case .testsCaption(let build, let finished):
            ("Resultater fra bygning \(build) (\(finished))", "Results of build \(build) (\(finished))")
        case .testName: ("Test", "Test")
        case .testSeverity: ("Alvor", "Severity")
        case .testResult: ("Resultat", "Result")
        case .testFailingRows: ("Fejlende rækker", "Failing rows")
        case .testPassed: ("✓ bestået", "✓ passed")
        case .testFailed: ("✗ fejlet", "✗ failed")
        case .lineageTiles(let t): ("bruges i \(t)", "used in \(t)")
        case .lineageUpstream: ("Hvad kolonnen er lavet af", "What the column is made of")
        case .lineageDownstream: ("Hvad kolonnen bruges til", "What the column is used for")
        case .lineageUpstreamIntro:
            (
                "Opstrøms til kildefilernes overskrifter: hvert trin er en kolonne, kolonnen til højre er lavet af.",
                "Upstream to the source files' headers: each step is a column that the column to its right is made of."
            )
        case .lineageDownstreamIntro:
            (
                "Nedstrøms til rapporternes fliser: hvert trin er en kolonne, der bygger på kolonnen til venstre.",
                "Downstream to the reports' tiles: each step is a column built on the column to its left."
            )
        case .lineageGraphSummary(let steps, let shown):
            (
                "\(steps) trin. Listen under grafen viser dem alle" + (shown ? "." : "; grafen viser kun de første."),
                "\(steps) steps. The list below the graph gives them all"
                    + (shown ? "." : "; the graph shows only the first.")
            )
        case .lineageNone: ("Ingen trin i kataloget.", "No steps in the catalogue.")
        case .lineageListHeading: ("Som liste", "As a list")
        case .columnType: ("Type", "Type")
        case .unknownColumn(let c):
            ("Kolonnen «\(c)» findes ikke i kataloget.", "The column “\(c)” is not in the catalogue.")
        case .columnPageTitle(let c): ("Kolonne: \(c)", "Column: \(c)")
        case .columnLineageLink: ("slægt", "lineage")
        case .commentTile: ("Om", "About")
        case .commentWholeReport: ("Hele rapporten", "The whole report")
        case .commentAbout(let t): ("om «\(t)»", "about “\(t)”")
        case .tileCommentsSummary(let n):
            (
                n == 1 ? "1 kommentar til denne figur" : "\(n) kommentarer til denne figur",
                n == 1 ? "1 comment on this figure" : "\(n) comments on this figure"
            )
        case .kindQuestion: ("Spørgsmål", "Question")
        case .kindDataError: ("Datafejl", "Data error")
        case .kindContextEvent: ("Hændelse", "Context event")
        case .commentKind: ("Type", "Type")
        case .commentEventDate: ("Dato for hændelsen", "Date of the event")
        case .commentEventHelp:
            (
                "Kun for typen «Hændelse» (fx «afsnittene blev lagt sammen 1. marts»): datoen vises som en markering på graferne og i tabellerne.",
                "Only for the type “Context event” (e.g. “wards merged 1 March”): the date is shown as a marker on the charts and in the tables."
            )
        case .commentEventOn: ("hændelse den", "event on")
        case .commentEventInvalid:
            (
                "En hændelse skal have en dato (åååå-mm-dd); de andre typer må ikke have en.",
                "A context event needs a date (yyyy-mm-dd); the other types must not have one."
            )
        case .commentPinned(let v): ("gælder sick-leave@\(v)", "about sick-leave@\(v)")
        case .contextEventNote(let date, let text): ("\(date): \(text)", "\(date): \(text)")
        case .contextEventNumbered(let n): ("Hændelse \(n)", "Event \(n)")
        case .answerKeyLongTerm: ("Er det langtidsfravær? (ja/nej)", "Is it long-term absence? (yes/no)")
        case .answerKeySpells: ("Antal fraværsforløb", "Number of spells")
        case .answerKeyLongTermDays: ("Langtidsfraværsdage i alt", "Long-term days in all")
        case .answerKeyShortTermDays: ("Korttidsfraværsdage i alt", "Short-term days in all")
        case .answerKeyDaysLost: ("Tabte dage i alt", "Days lost in all")
        case .answerKeyFTEDaysLost: ("Tabte fuldtidsdage i alt", "FTE days lost in all")
        case .answersHeading: ("Svar fra arbejdsbordet", "Answers from the workbench")
        case .answersIntro:
            (
                "Svar her, hvis du er HR-partner: ja/nej eller et tal, og en kort begrundelse. Svaret gemmes med dit navn eller din rolle og tidspunktet. Det bliver først en del af definitionen, når filen er eksporteret og gennemgået i git af definitionsejeren.",
                "Answer here if you are an HR partner: yes/no or a number, and a short reason. The answer is stored with your name or role and the time. It becomes part of the definition only when the file is exported and reviewed in git by the definition owner."
            )
        case .answerFormLegend: ("Dit svar", "Your answer")
        case .answerQuestion: ("Spørgsmål", "Question")
        case .answerValue: ("Svar", "Answer")
        case .answerValueHelp:
            (
                "Skriv ja eller nej til ja/nej-spørgsmålet, ellers et tal (fx 2,5).",
                "Write yes or no for the yes/no question, otherwise a number (e.g. 2.5)."
            )
        case .answerComment: ("Begrundelse", "Reason")
        case .answerBy: ("Besvaret af (rolle eller navn)", "Answered by (role or name)")
        case .answerByHelp:
            (
                "Indtil log-in kommer, skriver du selv, hvem der svarer.",
                "Until log-in arrives, you write who is answering."
            )
        case .answerSubmit: ("Gem svar", "Save answer")
        case .answerInvalid:
            (
                "Svaret skal passe til spørgsmålet (ja/nej eller et tal ≥ 0), og «besvaret af» skal udfyldes (højst 80 tegn); begrundelsen må højst være 2000 tegn.",
                "The answer must fit the question (yes/no or a number ≥ 0), and “answered by” must be filled in (at most 80 characters); the reason may be at most 2000 characters."
            )
        case .answerPrivacyNote:
            (
                "Scenariet er opdigtet. Skriv ikke om rigtige medarbejdere eller helbredsoplysninger i begrundelsen — den kommer med i filen i git.",
                "The scenario is made up. Do not write about real employees or health information in the reason — it goes into the file in git."
            )
        case .noAnswers: ("Ingen svar fra arbejdsbordet endnu.", "No answers from the workbench yet.")
        case .answerYes: ("ja", "yes")
        case .answerNo: ("nej", "no")
        case .scenarioNotAnswered: ("ikke besvaret", "not answered")
        case .scenarioAgrees: ("✓ enig med HR", "✓ agrees with HR")
        case .scenarioContradicts: ("✗ strider mod HR's svar", "✗ contradicts HR's answer")
        case .scenariosTitle: ("Scenarier: HR's svar og definitionerne", "Scenarios: HR's answers and the definitions")
        case .scenariosIntro:
            (
                "Hvert scenarie er en lille kalender, som HR har taget stilling til (fx «er det langtidsfravær, ja eller nej?»). Svarene er eksekverbare tests: tabellen viser, om hver definitionsversion regner det samme som HR svarede.",
                "Each scenario is a small calendar HR has answered (e.g. “is this long-term absence, yes or no?”). The answers are executable tests: the table shows whether each definition version computes what HR answered."
            )
        case .scenariosCaption: ("Scenarier og definitionsversioner", "Scenarios and definition versions")
        case .scenarioColumn: ("Scenarie", "Scenario")
        case .answeredByColumn: ("Besvaret af", "Answered by")
        case .scenarioTitle(let id): ("Scenarie: \(id)", "Scenario: \(id)")
        case .allScenarios: ("Alle scenarier", "All scenarios")
        case .definitionVersionNav: ("Definitionsversion", "Definition version")
        case .scenarioChecksCaption(let d): ("HR's svar og hvad \(d) regner", "HR's answer and what \(d) computes")
        case .hrAnswerColumn: ("HR's svar", "HR's answer")
        case .definitionComputesColumn: ("Definitionen regner", "The definition computes")
        case .agreesColumn: ("Enig", "Agrees")
        case .answeredByLine(let who): ("Besvaret af: \(who)", "Answered by: \(who)")
        case .scenarioFileNote(let file):
            (
                "Svaret står i arbejdsområdets fil \(file). Et nyt eller ændret svar foreslås som en ændring af filen og gennemgås i git af definitionsejeren.",
                "The answer is in the workspace file \(file). A new or changed answer is proposed as a change to that file and reviewed in git by the definition owner."
            )
        case .howTheDefinitionComputes: ("Sådan regner definitionen", "How the definition computes it")
        case .newAnswersColumn: ("Nye svar fra arbejdsbordet", "New answers from the workbench")
        case .newAnswersCount(let n): (n == 1 ? "1 svar" : "\(n) svar", n == 1 ? "1 answer" : "\(n) answers")
        case .newAnswersContradict(let versions):
            ("i strid med: \(versions)", "at odds with: \(versions)")
        case .agreementHeading: ("Enighed pr. definitionsversion", "Agreement per definition version")
        case .agreementCaption:
            (
                "Hver definitionsversion mod svaret i filen og mod svaret inklusive arbejdsbordets nyeste svar",
                "Each definition version against the answer in the file and against the answer including the workbench's newest answers"
            )
        case .agreementVersion: ("Version", "Version")
        case .agreementFile: ("Svaret i filen", "The answer in the file")
        case .agreementIncluding: ("Inklusive nye svar", "Including new answers")
        case .exportLink:
            ("Hent scenariefilen med svarene (YAML)", "Download the scenario file with the answers (YAML)")
        case .exportHelp:
            (
                "Filen erstatter scenarios/-filen i arbejdsområdet; læg den i git, så definitionsejeren kan gennemgå den.",
                "The file replaces the one in the workspace's scenarios/ folder; commit it so the definition owner can review it."
            )
        case .answerGiven(let key, let value): ("\(key): \(value)", "\(key): \(value)")
        case .waiveLegend: ("Frafald de valgte fund", "Waive the selected findings")
        case .waiveNote: ("Begrundelse (kræves)", "Reason (required)")
        case .waiveSubmit: ("Frafald valgte", "Waive selected")
        case .waiveHelp:
            (
                "Et frafaldet fund bliver stående som historik med din begrundelse og tidspunktet. Linjen kommer ikke med i tallene.",
                "A waived finding stays as history with your reason and the time. The line does not enter the figures."
            )
        case .waiveInvalid:
            (
                "Vælg mindst ét fund og skriv en begrundelse på højst 500 tegn.",
                "Select at least one finding and write a reason of at most 500 characters."
            )
        }
    }
}
