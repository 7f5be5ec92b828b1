/// UI text of the reconciliation page (issue 8): Danish first, English second (as ``UIText``).
enum ReconcileText: Sendable {
    case nav, title, lead, none, provenance, period, definition, cutoff, vendorFiles, tolerances, rules
    case scorecard, metric, pairs, identical, within, different, vendorOnly, inHouseOnly, duplicate, exactPct,
        withinPct, vendorDays, klarsynDays, delta
    case categories, category, employees, unitsHit, known(Int), drift
    case asOfHeading, asOfLead, today, asOf, lateOnly
    case randomHeading, random(n: Int, of: Int, errors: Int, bound: String)
    case sweepHeading, sweepDefault, sweepBest, agreement, perCategory
    case decisionsHeading, noDecisions, decision(id: Int, date: String, category: String), approvedBy(String, String),
        presumed, chosen, impact, drifted
    case trendHeading, thisRun, run(Int), seriesBreak
    case gridHeading, gridLead, unit, suppressed, agrees, differs, personsAgreeing
    case groupPairs, groupShares, groupDays, scorecardCaption, measure, tolerance(
        metric: String, absolute: String, relative: String)
    case rowsUsed(Int), populationHeading, reason, side, employeeMonths, sumAbsDelta, status, open, rulesHeading(Int)
    case variant, agreeingOf(Int, Int), decisionsNote, sizeNow, size(pairs: Int, days: String), unexplainedPairs
    case hiddenByReport, nPersons(String), gridPolicy(tag: String, marker: String, hidden: Int), gridNoPolicy

    func text(_ l: Language) -> String {
        let (da, en) = pair
        return l == .da ? da : en
    }

    // swift-format-ignore
    private var pair: (String, String) {
        switch self {
        case .nav: ("Afstemning", "Reconciliation")
        case .title: ("Afstemning af sygefravær med lønleverandøren", "Reconciliation of sick leave with the payroll vendor")
        case .lead:
            ("Klarsyns egne tal for kort- og langtidsfravær sammenholdt med lønleverandørens tal, medarbejder for medarbejder og måned for måned. Hver forskel er placeret i en kategori efter versionerede regler; kendte forskelle er besluttet af BI og HR.",
             "Klarsyn's own short- and long-term sick days beside the payroll vendor's, employee by employee and month by month. Every difference is put in a category by versioned rules; known differences were decided by BI and HR.")
        case .none: ("Der er ikke kørt nogen afstemning endnu. Kør `klarsyn reconcile`.", "No reconciliation has been run yet. Run `klarsyn reconcile`.")
        case .provenance: ("Grundlag", "Provenance")
        case .period: ("Periode", "Period")
        case .definition: ("Klarsyns definition", "Klarsyn's definition")
        case .cutoff: ("Leverandørens skæringstidspunkt (formodet)", "The vendor's cut-off (presumed)")
        case .vendorFiles: ("Leverandørens filer", "The vendor's files")
        case .tolerances: ("Tolerancer", "Tolerances")
        case .rules: ("Regelsæt for kategorier", "Mismatch rules")
        case .scorecard: ("Overensstemmelse pr. mål", "Agreement per metric")
        case .metric: ("Mål", "Metric")
        case .pairs: ("Par", "Pairs")
        case .identical: ("Ens", "Identical")
        case .within: ("Inden for tolerance", "Within tolerance")
        case .different: ("Forskellige", "Different")
        case .vendorOnly: ("Kun leverandør", "Vendor only")
        case .inHouseOnly: ("Kun Klarsyn", "Klarsyn only")
        case .duplicate: ("Dobbelt nøgle", "Duplicate key")
        case .exactPct: ("Ens %", "Exact %")
        case .withinPct: ("Inden for tolerance %", "Within tolerance %")
        case .vendorDays: ("Leverandørens dage", "Vendor days")
        case .klarsynDays: ("Klarsyns dage", "Klarsyn days")
        case .delta: ("Forskel (Klarsyn − leverandør)", "Δ (Klarsyn − vendor)")
        case .categories: ("Forskelle efter kategori", "Differences by category")
        case .category: ("Kategori", "Category")
        case .employees: ("Medarbejdere", "Employees")
        case .unitsHit: ("Enheder berørt", "Units hit")
        case .known(let id): ("Kendt forskel (beslutning D\(id))", "Known difference (decision D\(id))")
        case .drift: ("Størrelsen har flyttet sig siden beslutningen", "The size has drifted since the decision")
        case .asOfHeading: ("Sene registreringer", "Late registrations")
        case .asOfLead:
            ("Klarsyns tal beregnet ud fra det, der var registreret ved leverandørens skæringstidspunkt, ved siden af dagens tal: så skilles logiske forskelle fra sene data.",
             "Klarsyn's figures computed from what was registered at the vendor's cut-off, beside today's: this tells logic differences apart from late data.")
        case .today: ("Klarsyn i dag", "Klarsyn today")
        case .asOf: ("Klarsyn ved skæringstidspunktet", "Klarsyn at the cut-off")
        case .lateOnly: ("Par forklaret af sene data alene", "Pairs explained by late data alone")
        case .randomHeading: ("Stikprøve af overensstemmende par", "Random check of agreeing pairs")
        case .random(let n, let of, let errors, let bound):
            ("\(n) af \(of) overensstemmende par er kontrolleret; \(errors) fejl; fejlraten er højst \(bound) % (95 % øvre grænse).",
             "\(n) of \(of) agreeing pairs checked; \(errors) errors; the error rate is at most \(bound) % (95 % upper bound).")
        case .sweepHeading: ("Hypoteser om leverandørens definition", "Hypotheses about the vendor's definition")
        case .sweepDefault: ("Klarsyns definition", "Klarsyn's definition")
        case .sweepBest: ("Bedste variant", "Best variant")
        case .agreement: ("Medarbejdermåneder i overensstemmelse", "Employee-months in agreement")
        case .perCategory: ("Bedste variant pr. kategori", "Best variant per category")
        case .decisionsHeading: ("Beslutninger om ny baseline", "Baseline decisions")
        case .noDecisions: ("Ingen beslutninger er registreret.", "No decisions have been recorded.")
        case .decision(let id, let date, let category): ("D\(id) \(date): \(category)", "D\(id) \(date): \(category)")
        case .approvedBy(let bi, let hr): ("Godkendt af \(bi) (BI) og \(hr) (HR)", "Approved by \(bi) (BI) and \(hr) (HR)")
        case .presumed: ("Leverandørens formodede definition", "The vendor's presumed definition")
        case .chosen: ("Valgt definition", "Chosen definition")
        case .impact: ("Betydning", "Impact")
        case .drifted: ("Forskellen har flyttet sig", "The difference has drifted")
        case .trendHeading: ("Udvikling over kørsler", "Trend across runs")
        case .thisRun: ("Denne kørsel", "This run")
        case .run(let n): ("Kørsel \(n)", "Run \(n)")
        case .seriesBreak: ("Brud i serien", "Series break")
        case .gridHeading: ("Enhed × måned", "Unit × month")
        case .gridLead:
            ("Enheden er den, leverandørens tal henføres til (medarbejderens enhed på månedens sidste ansatte dag). = enhedens summer stemmer inden for tolerancen, ≠ de stemmer ikke; procenten er andelen af medarbejderne, hvis tal stemmer, og linjen under er antallet af medarbejdere.",
             "The unit is the one the vendor's figure is attributed to (the employee's unit on the last employed day of the month). = the unit's sums agree within tolerance, ≠ they do not; the percentage is the share of employees whose figures agree, and the line below is the number of employees.")
        case .unit: ("Enhed", "Unit")
        case .suppressed: ("<5", "<5")
        case .agrees: ("stemmer", "agrees")
        case .differs: ("stemmer ikke", "differs")
        case .personsAgreeing: ("medarbejdere stemmer", "employees agree")
        case .groupPairs: ("Par (medarbejder × måned) efter status", "Pairs (employee × month) by status")
        case .groupShares: ("Andele", "Shares")
        case .groupDays: ("Sygedage", "Sick days")
        case .scorecardCaption: ("Overensstemmelse pr. mål: korttid, langtid og i alt", "Agreement per metric: short-term, long-term and total")
        case .measure: ("Opgørelse", "Measure")
        case .tolerance(let m, let a, let r): ("\(m): ±\(a) dage eller \(r) relativt", "\(m): ±\(a) days or \(r) relative")
        case .rowsUsed(let n): ("\(n) rækker brugt", "\(n) rows used")
        case .populationHeading: ("Forskelle i population", "Population differences")
        case .reason: ("Årsag", "Reason")
        case .side: ("Side", "Side")
        case .employeeMonths: ("Medarbejdermåneder", "Employee-months")
        case .sumAbsDelta: ("Σ|Δ| dage", "Σ|Δ| days")
        case .status: ("Status", "Status")
        case .open: ("Åben", "Open")
        case .rulesHeading(let v): ("Hvad kategorierne dækker (regelsæt \(v))", "What the categories cover (rule set \(v))")
        case .variant: ("Variant", "Variant")
        case .agreeingOf(let a, let n): ("\(a) af \(n)", "\(a) of \(n)")
        case .decisionsNote:
            ("Omfang, definitioner og noter er skrevet af dem, der godkendte beslutningen, og vises som skrevet.",
             "Scope, definitions and notes are written by those who approved the decision and are shown as written.")
        case .sizeNow: ("Størrelse i denne kørsel", "Size in this run")
        case .size(let pairs, let days): ("\(pairs) par, Σ|Δ| \(days) dage", "\(pairs) pairs, Σ|Δ| \(days) days")
        case .unexplainedPairs: ("Uforklarede par", "Unexplained pairs")
        case .hiddenByReport: ("Skjult i rapporten: for få personer", "Hidden in the report: too few persons")
        case .nPersons(let n): ("\(n) pers.", "\(n) pers.")
        case .gridPolicy(let tag, let marker, let hidden):
            ("Små tal skjules efter arbejdsområdets politik \(tag); \(hidden) celler vises som \"\(marker)\". Reglerne:",
             "Small figures are hidden by the workspace's policy \(tag); \(hidden) cells are shown as \"\(marker)\". The rules:")
        case .gridNoPolicy:
            ("Arbejdsområdets politik for små tal kunne ikke læses, så tabellens tal vises ikke.",
             "The workspace's small-cell policy could not be read, so the grid's figures are not shown.")
        }
    }
}
