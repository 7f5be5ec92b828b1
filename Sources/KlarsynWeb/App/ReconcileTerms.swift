import Foundation

/// Danish and English forms of the terms a reconciliation report carries as ids or as the
/// reconciliation library's fixed English phrases (issue 8, decision 0142).
///
/// The report JSON is the CLI's output and stays English; the page translates from the ids
/// (`category`, `metric`, `side`) and from the fixed phrases the library writes (population
/// reasons, the cut-off, the definition's rules, drift, series breaks, the computed impact).
/// A phrase it does not know is shown as written, so a new phrase in the library never hides a
/// figure — it only stays English until it is added here.
enum ReconcileTerms {
    /// A metric id (`short_days`, `long_days`, `total`).
    static func metric(_ id: String, _ l: Language) -> String {
        switch id {
        case "short_days": l == .da ? "Korttidsfravær" : "Short-term"
        case "long_days": l == .da ? "Langtidsfravær" : "Long-term"
        case "total": l == .da ? "I alt" : "Total"
        default: id
        }
    }

    /// A metric id's short form, under a grouped header that names what is counted.
    static func metricShort(_ id: String, _ l: Language) -> String {
        switch id {
        case "short_days": l == .da ? "Kort" : "Short"
        case "long_days": l == .da ? "Lang" : "Long"
        default: metric(id, l)
        }
    }

    /// The title of a mismatch category, from its id; `fallback` (the report's English title) for an unknown id.
    static func category(_ id: String?, fallback: String, _ l: Language) -> String {
        guard let id, let t = categories[id] else { return fallback }
        return l == .da ? t.title.da : t.title.en
    }

    /// What rule set 1 puts in a category, from its id; nil for an unknown id.
    static func rule(_ id: String?, _ l: Language) -> String? {
        guard let id, let t = categories[id] else { return nil }
        return l == .da ? t.rule.da : t.rule.en
    }

    // swift-format-ignore
    private static let categories: [String: (title: (da: String, en: String), rule: (da: String, en: String))] = [
        "id_mapping": (
            ("Id-kobling", "Id mapping"),
            ("R1.1 leverandørens id findes ikke hos HR (som skrevet og efter den konfigurerede kobling), leverandøren har leveret samme medarbejdermåned under flere id'er, eller id'et ville passe med foranstillede nuller",
             "R1.1 the vendor's id matches no HR employee (as written and after the configured mapping), or the vendor delivered one employee-month under several ids, or mapping the id with leading zeros would pair it")),
        "population": (
            ("Population", "Population"),
            ("R1.2 den ene side mangler, og medarbejderen var ikke ansat i måneden, var kun ansat i en ansættelsesform uden for definitionens population, eller leverandøren har intet tal for en medarbejder i populationen; eller en del af måneden ligger i en ansættelsesform uden for populationen, og leverandøren tæller mere",
             "R1.2 one side is missing and the employee was not employed that month, was employed only in a form outside the definition's population, or the vendor has no figure for an employee in the population; or part of the month lies in a form outside the population and the vendor counts more")),
        "late_registration": (
            ("Sen registrering efter leverandørens skæringstidspunkt", "Late registration after the vendor's cut-off"),
            ("R1.3 Klarsyns tal beregnet ud fra det, der var registreret ved leverandørens skæringstidspunkt (registered_at), stemmer, og ingen genberegning ud fra dagens registreringer gør",
             "R1.3 Klarsyn's figure computed from what was registered by the vendor's cut-off (registered_at) agrees, and no recomputation from today's registrations does")),
        "day_basis": (
            ("Dagsgrundlag", "Day basis"),
            ("R1.4 Klarsyns tal stemmer, når kun mandag–fredag tælles og/eller en halv dag tælles som en hel",
             "R1.4 Klarsyn's figure agrees when counted Monday–Friday only and/or with a half day as a whole day")),
        "split_boundary": (
            ("Opdeling (samme total, anden fordeling på kort/lang)", "Split boundary (same total, different short/long split)"),
            ("R1.5 (kun kort/lang) totalerne stemmer under en af genberegningerne ovenfor, men ikke opdelingen",
             "R1.5 (short/long only) the totals agree, under any of the recomputations above, but not the split")),
        "month_boundary": (
            ("Månedsskifte", "Month boundary"),
            ("R1.6 forskellen opvejes af den modsatte forskel for samme medarbejder og mål i måneden før eller efter",
             "R1.6 the difference is offset by the opposite difference of the same employee and metric in the previous or next month")),
        "rounding": (
            ("Afrunding", "Rounding"),
            ("R1.7 |Δ| < 1, og Klarsyns tal afrundet til hele dage (halv op, halv til lige, ned eller op) er leverandørens",
             "R1.7 |Δ| < 1 and Klarsyn's figure rounded to whole days (half up, half to even, down or up) is the vendor's")),
        "unit_attribution": (
            ("Enhedsplacering", "Unit attribution"),
            ("R1.8 (enhedsniveau, ud over parrets egen kategori) medarbejderen havde tællende dage i en anden hjemenhed end den på månedens sidste ansatte dag, som leverandørens tal henføres til",
             "R1.8 (unit level, beside the pair's own category) the employee had counted days in another home unit than the one on the last employed day of the month, where a vendor figure is attributed")),
        "unexplained": (("Uforklaret", "Unexplained"), ("R1.9 ingen af ovenstående", "R1.9 none of the above")),
    ]

    /// A pseudo-unit of the grid (`(not employed)`, `(unknown)`) or a unit id as it is.
    static func unit(_ id: String, _ l: Language) -> String {
        switch id {
        case "(not employed)": l == .da ? "(ikke ansat)" : id
        case "(unknown)": l == .da ? "(ukendt)" : id
        default: id
        }
    }

    /// A population difference's side (`vendor_only`, `in_house_only`).
    static func side(_ id: String, _ l: Language) -> String {
        switch id {
        case "vendor_only": ReconcileText.vendorOnly.text(l)
        case "in_house_only": ReconcileText.inHouseOnly.text(l)
        default: id
        }
    }

    /// A population difference's reason (the library's fixed phrases).
    static func populationReason(_ s: String, _ l: Language) -> String {
        guard l == .da else { return s }
        switch s {
        case "reported after the employee left": return "indberettet efter fratrædelsen"
        case "reported before the employment started": return "indberettet før ansættelsens start"
        case "not employed in the month": return "ikke ansat i måneden"
        case "no employment in the month": return "ingen ansættelse i måneden"
        case "the vendor has no figure for an employee in the population":
            return "leverandøren har intet tal for en medarbejder i populationen"
        default: break
        }
        if let forms = between(s, "employment form ", " is outside the definition's population") {
            return "ansættelsesform \(forms) ligger uden for definitionens population"
        }
        if let id = between(s, "the vendor's id ", " matches no employee in HR's data") {
            return "leverandørens id \(id) findes ikke i HR's data"
        }
        return s
    }

    /// The presumed cut-off the library writes into the provenance.
    static func cutoff(_ s: String, _ l: Language) -> String {
        guard l == .da, s.hasPrefix("each month's figure as registered by the end of the month"),
            s.hasSuffix(" (Europe/Copenhagen); later registrations and retractions are missing")
        else { return s }
        let lag = between(s, "end of the month + ", " days (Europe").map { " + \($0) dage" } ?? ""
        return
            "hver måneds tal som registreret ved månedens udgang\(lag) (dansk tid); senere registreringer og tilbagekaldelser mangler"
    }

    /// One of the definition's rules as the library words them (`codes SYG`, `link gap 2 days`, …).
    static func definitionRule(_ s: String, _ l: Language) -> String {
        guard l == .da else { return s }
        let prefixes: [(String, String)] = [
            ("codes ", "fraværskoder "), ("population ", "population "), ("half day weight ", "vægt af en halv dag "),
            ("classification ", "klassifikation "),
        ]
        if let gap = between(s, "link gap ", " days") { return "sammenkædning ved op til \(gap) dages mellemrum" }
        if let rest = between(s, "long-term when ", " days") {
            let parts = rest.split(separator: " ")
            if parts.count == 3 {
                let basis = lengthBasis(String(parts[0]))
                return "langtid når \(basis) \(parts[1]) \(parts[2]) dage"
            }
        }
        for (en, da) in prefixes where s.hasPrefix(en) {
            let rest = String(s.dropFirst(en.count))
            if en == "classification " {
                return da + classification(rest)
            }
            return da + (en == "half day weight " ? rest.replacingOccurrences(of: ".", with: ",") : rest)
        }
        return s
    }

    /// A hypothesis variant's name (`codes SYG · population all forms · half day 1 · gap 2 · …`).
    static func variant(_ name: String, _ l: Language) -> String {
        guard l == .da else { return name }
        return name.components(separatedBy: " · ").map { part -> String in
            switch part {
            case "calendar": return "kalenderdage"
            case "weekdays": return "hverdage"
            case "today's registrations": return "dagens registreringer"
            case "known at the vendor's cut-off": return "kendt ved leverandørens skæringstidspunkt"
            case "retroactive", "as_of", "day_position": return classification(part)
            case "population all forms": return "population alle ansættelsesformer"
            default: break
            }
            for (en, da) in [("codes ", "koder "), ("population ", "population "), ("gap ", "mellemrum ")]
            where part.hasPrefix(en) {
                return da + part.dropFirst(en.count)
            }
            if part.hasPrefix("half day ") { return "halv dag " + dec(String(part.dropFirst("half day ".count))) }
            if part.hasPrefix("long when ") {
                let w = part.dropFirst("long when ".count).split(separator: " ")
                if w.count == 3 { return "langtid når \(lengthBasis(String(w[0]))) \(w[1]) \(w[2])" }
            }
            return part
        }
        .joined(separator: " · ")
    }

    /// A long-term length basis (`span`, `sick_days`) in Danish.
    private static func lengthBasis(_ s: String) -> String {
        switch s {
        case "span": "forløbets længde"
        case "sick_days": "antal sygedage"
        default: s
        }
    }

    /// A classification (`retroactive`, `as_of`, `day_position`) in Danish.
    private static func classification(_ s: String) -> String {
        switch s {
        case "retroactive": "med tilbagevirkning"
        case "as_of": "som kendt på dagen"
        case "day_position": "efter dagens plads i forløbet"
        default: s
        }
    }

    /// A category's drift note (`size drifted: 12 days now, 10 at decision D1 (limit ± 1)`).
    static func drift(_ s: String, _ l: Language) -> String {
        guard l == .da, let now = between(s, "size drifted: ", " days now, "),
            let then = between(s, " days now, ", " at decision D"), let id = between(s, " at decision D", " (limit ± "),
            let limit = between(s, " (limit ± ", ")")
        else { return s }
        return
            "størrelsen har flyttet sig: \(dec(now)) dage nu, \(dec(then)) ved beslutning D\(id) (grænse ± \(dec(limit)))"
    }

    /// A trend row's series-break note (`series break: definition a → b; baseline decision D1`).
    static func seriesBreak(_ s: String, _ l: Language) -> String {
        guard l == .da, s.hasPrefix("series break: ") else { return s }
        let parts = s.dropFirst("series break: ".count).components(separatedBy: "; ").map { p -> String in
            if p.hasPrefix("definition ") { return "definition " + p.dropFirst("definition ".count) }
            if p.hasPrefix("baseline decision ") {
                return "baselinebeslutning " + p.dropFirst("baseline decision ".count)
            }
            return p
        }
        return "brud i serien: " + parts.joined(separator: "; ")
    }

    /// A decision's impact: the computed part `klarsyn reconcile decide` writes, then the approvers' own note
    /// (shown as written).
    static func impact(_ s: String, _ l: Language) -> String {
        guard l == .da, let pairs = between(s, "", " pairs, Σ|Δ| "), Int(pairs) != nil,
            let days = between(s, " pairs, Σ|Δ| ", " days over all metrics = "),
            let share = between(s, " days over all metrics = ", " % of the vendor's "),
            let total = between(s, " % of the vendor's ", " total days in run ")
        else { return s }
        let rest = String(s[s.range(of: " total days in run ")!.upperBound...])
        let run = rest.components(separatedBy: "; ").first ?? rest
        let note = rest.count > run.count ? String(rest.dropFirst(run.count)) : ""
        return
            "\(pairs) par, Σ|Δ| \(dec(days)) dage over alle mål = \(dec(share)) % af leverandørens \(dec(total)) dage i alt i kørsel \(run)"
            + note
    }

    /// The text between `a` and `b` (the first `b` after `a`); nil when either is missing.
    private static func between(_ s: String, _ a: String, _ b: String) -> String? {
        guard let start = a.isEmpty ? s.startIndex : s.range(of: a)?.upperBound,
            let end = s.range(of: b, range: start..<s.endIndex)?.lowerBound
        else { return nil }
        return String(s[start..<end])
    }

    /// A decimal with the Danish mark.
    private static func dec(_ s: String) -> String { s.replacingOccurrences(of: ".", with: ",") }
}
