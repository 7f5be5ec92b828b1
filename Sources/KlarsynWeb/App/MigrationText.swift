/// UI text of the migration board (issue 10): Danish first, English second (as ``UIText``).
enum MigrationText: Sendable {
    case nav, title, lead, versions, report, pinned, target, status, tiles, usage, owner
    case pending, relinked, verified
    case identical, different, broken, unversioned
    case differs(cells: Int, of: Int, size: String, pct: String)
    case units, months, signOff, signedOff(role: String), notSigned
    case used(count: Int, last: String, roles: String), notUsed, noAudit, usageNote, howTo, noDiff

    func text(_ l: Language) -> String {
        let (da, en) = pair
        return l == .da ? da : en
    }

    // swift-format-ignore
    private var pair: (String, String) {
        switch self {
        case .nav: ("Migrering", "Migration")
        case .title: ("Migrering mellem datamodelversioner", "Migration between data-model versions")
        case .lead:
            ("Hver rapport med den modelversion, den er fastlåst til, dens status (afventer → genkoblet → verificeret) og forskellen på hver flise mellem den gamle og den nye version. En rapport er verificeret, når alle fliser er ens, eller forskellen er forklaret og godkendt af en navngiven rolle.",
             "Every report with the model version it is pinned to, its status (pending → re-linked → verified) and the difference of every tile between the old and the new version. A report is verified when every tile is identical, or its difference is explained and signed off by a named role.")
        case .versions: ("Modelversioner", "Model versions")
        case .report: ("Rapport", "Report")
        case .pinned: ("Fastlåst til", "Pinned to")
        case .target: ("Mål", "Target")
        case .status: ("Status", "Status")
        case .tiles: ("Fliser", "Tiles")
        case .usage: ("Brug", "Usage")
        case .owner: ("Ejer", "Owner")
        case .pending: ("afventer", "pending")
        case .relinked: ("genkoblet", "re-linked")
        case .verified: ("verificeret", "verified")
        case .identical: ("ens", "identical")
        case .different: ("forskellig", "different")
        case .broken: ("brudt", "broken")
        case .unversioned: ("samme tabel (ikke versioneret)", "same table (not versioned)")
        case .differs(let c, let n, let size, let pct):
            ("\(c) af \(n) celler, Σ|Δ| \(size) (\(pct) %)", "\(c) of \(n) cells, Σ|Δ| \(size) (\(pct) %)")
        case .units: ("Enheder", "Units")
        case .months: ("Måneder", "Months")
        case .signOff: ("Godkendelse", "Sign-off")
        case .signedOff(let role): ("godkendt af \(role)", "signed off by \(role)")
        case .notSigned: ("ikke godkendt", "not signed off")
        case .used(let count, let last, let roles):
            ("\(count) opslag, senest \(last), af \(roles)", "\(count) look-ups, last \(last), by \(roles)")
        case .notUsed: ("ingen opslag i revisionsloggen", "no look-ups in the audit log")
        case .noAudit: ("revisionsloggen findes ikke i dette lager", "this warehouse has no audit log")
        case .usageNote:
            ("Brug tæller visninger af rapportsiden og forklaringssiderne, opslag på personniveau og eksporter fra revisionsloggen (afviste forsøg tæller ikke).",
             "Usage counts views of the report page and its explain pages, person-level look-ups and exports from the audit log (refused attempts do not count).")
        case .howTo:
            ("Genkobl og godkend med `klarsyn migrate relink RAPPORT` og `klarsyn migrate sign-off RAPPORT FLISE --role ROLLE --explanation TEKST`.",
             "Re-link and sign off with `klarsyn migrate relink REPORT` and `klarsyn migrate sign-off REPORT TILE --role ROLE --explanation TEXT`.")
        case .noDiff: ("ikke genkoblet endnu", "not re-linked yet")
        }
    }
}
