/// UI text of sign-in, access and audit pages: Danish first, English second (as ``UIText``).
enum AccessText: Sendable {
    case signInTitle, signInIntro, loginName, password, signInButton, signInFailed, signOut, signedInAs(
        String, role: String)
    case forbiddenTitle, forbiddenBody(requestID: String), formExpired, purposeMissing, signInRequired
    case roleName(Role)
    case auditTitle, auditIntro, auditChainOK(Int), auditChainBroken(String), auditPersonLegend, auditPersonField,
        auditPersonButton, auditPersonHeading(Int), auditEmpty
    case auditWhen, auditWho, auditRole, auditAction, auditReport, auditPurpose, auditFilters, auditCells,
        auditSubjects, auditRequest
    case peopleHeading, peopleIntro, purposeLabel, purposeHint, peopleButton, peopleTitle(unit: String, month: String),
        peopleNoStore, employee, peopleCount(Int), peopleNone, peopleLogged
    case exportLead, exportLogged

    func text(_ l: Language) -> String {
        switch (self, l) {
        case (.signInTitle, .da): "Log ind"
        case (.signInTitle, .en): "Sign in"
        case (.signInIntro, .da): "Klarsyn viser kun tal for de enheder og de formål, din rolle giver adgang til."
        case (.signInIntro, .en): "Klarsyn shows only the figures your role and units give you access to."
        case (.loginName, .da): "Brugernavn"
        case (.loginName, .en): "User name"
        case (.password, .da): "Adgangskode"
        case (.password, .en): "Password"
        case (.signInButton, .da): "Log ind"
        case (.signInButton, .en): "Sign in"
        case (.signInFailed, .da): "Brugernavn eller adgangskode er forkert."
        case (.signInFailed, .en): "The user name or the password is wrong."
        case (.signOut, .da): "Log ud"
        case (.signOut, .en): "Sign out"
        case (.signedInAs(let n, let r), .da): "Logget ind som \(n) (\(r))"
        case (.signedInAs(let n, let r), .en): "Signed in as \(n) (\(r))"
        case (.forbiddenTitle, .da): "Ingen adgang"
        case (.forbiddenTitle, .en): "No access"
        case (.forbiddenBody(let id), .da):
            "Din rolle giver ikke adgang til denne side eller disse data. Forsøget er logget. Reference: \(id)"
        case (.forbiddenBody(let id), .en):
            "Your role does not give access to this page or these data. The attempt has been logged. Reference: \(id)"
        case (.formExpired, .da):
            "Formularen er udløbet eller kom ikke fra Klarsyn. Gå tilbage, genindlæs siden og prøv igen."
        case (.formExpired, .en):
            "The form has expired or did not come from Klarsyn. Go back, reload the page and try again."
        case (.purposeMissing, .da): "Oplys formålet (10–500 tegn), før du ser data om enkeltpersoner."
        case (.purposeMissing, .en): "State the purpose (10–500 characters) before you see data about individuals."
        case (.signInRequired, .da): "Log ind for at fortsætte."
        case (.signInRequired, .en): "Sign in to continue."
        case (.roleName(let r), .da):
            switch r {
            case .biDeveloper: "BI-udvikler"
            case .hrPartner: "HR-partner"
            case .hospitalManager: "Hospitalsledelse"
            case .unitManager: "Leder"
            case .internSupervisor: "Klinisk vejleder"
            case .intern: "Studerende"
            case .auditor: "Revisor"
            case .admin: "Administrator"
            }
        case (.roleName(let r), .en):
            switch r {
            case .biDeveloper: "BI developer"
            case .hrPartner: "HR partner"
            case .hospitalManager: "Hospital manager"
            case .unitManager: "Manager"
            case .internSupervisor: "Clinical supervisor"
            case .intern: "Student"
            case .auditor: "Auditor"
            case .admin: "Administrator"
            }
        case (.auditTitle, .da): "Opslagslog"
        case (.auditTitle, .en): "Look-up log"
        case (.auditIntro, .da):
            "Hvert opslag i persondata, hver eksport og hvert afvist forsøg. Loggen kan kun tilføjes til, og hver linje bærer en hash af den forrige."
        case (.auditIntro, .en):
            "Every look-up of personal data, every export and every refused attempt. The log is append-only and each line carries a hash of the one before."
        case (.auditChainOK(let n), .da): "Hashkæden holder for alle \(n) linjer."
        case (.auditChainOK(let n), .en): "The hash chain holds for all \(n) lines."
        case (.auditChainBroken(let p), .da): "Hashkæden er brudt: \(p)"
        case (.auditChainBroken(let p), .en): "The hash chain is broken: \(p)"
        case (.auditPersonLegend, .da): "En medarbejders opslagshistorik"
        case (.auditPersonLegend, .en): "One employee's look-up history"
        case (.auditPersonField, .da): "Medarbejder-id"
        case (.auditPersonField, .en): "Employee id"
        case (.auditPersonButton, .da): "Vis historik"
        case (.auditPersonButton, .en): "Show history"
        case (.auditPersonHeading(let n), .da): "Opslag i medarbejderens data: \(n)"
        case (.auditPersonHeading(let n), .en): "Look-ups of the employee's data: \(n)"
        case (.auditEmpty, .da): "Ingen linjer."
        case (.auditEmpty, .en): "No lines."
        case (.auditWhen, .da): "Tidspunkt (UTC)"
        case (.auditWhen, .en): "Time (UTC)"
        case (.auditWho, .da): "Bruger"
        case (.auditWho, .en): "User"
        case (.auditRole, .da): "Rolle"
        case (.auditRole, .en): "Role"
        case (.auditAction, .da): "Handling"
        case (.auditAction, .en): "Action"
        case (.auditReport, .da): "Rapport / side"
        case (.auditReport, .en): "Report / page"
        case (.auditPurpose, .da): "Formål"
        case (.auditPurpose, .en): "Purpose"
        case (.auditFilters, .da): "Filtre"
        case (.auditFilters, .en): "Filters"
        case (.auditCells, .da): "Celler vist / skjult"
        case (.auditCells, .en): "Cells served / suppressed"
        case (.auditSubjects, .da): "Personer"
        case (.auditSubjects, .en): "People"
        case (.auditRequest, .da): "Reference"
        case (.auditRequest, .en): "Reference"
        case (.peopleHeading, .da): "Medarbejdermånederne bag tallet"
        case (.peopleHeading, .en): "The employee-months behind the figure"
        case (.peopleIntro, .da):
            "Kun BI-udviklere og HR-partnere kan se enkeltpersoner. Oplys formålet; opslaget logges med dit navn, formålet og hvem du så."
        case (.peopleIntro, .en):
            "Only BI developers and HR partners can see individuals. State the purpose; the look-up is logged with your name, the purpose and whom you saw."
        case (.purposeLabel, .da): "Formål"
        case (.purposeLabel, .en): "Purpose"
        case (.purposeHint, .da): "F.eks. \"Fejlsøgning af sygefraværsprocent for marts, sag 2024-117\"."
        case (.purposeHint, .en): "E.g. \"Checking the March sick-leave rate, case 2024-117\"."
        case (.peopleButton, .da): "Vis medarbejdere"
        case (.peopleButton, .en): "Show employees"
        case (.peopleTitle(let u, let m), .da): "Medarbejdermåneder: \(u), \(m)"
        case (.peopleTitle(let u, let m), .en): "Employee-months: \(u), \(m)"
        case (.peopleNoStore, .da): "Siden gemmes ikke i browseren. Del den ikke; opslaget er logget."
        case (.peopleNoStore, .en): "This page is not stored by the browser. Do not share it; the look-up is logged."
        case (.employee, .da): "Medarbejder"
        case (.employee, .en): "Employee"
        case (.peopleCount(let n), .da): "\(n) medarbejdere"
        case (.peopleCount(let n), .en): "\(n) employees"
        case (.peopleNone, .da): "Ingen medarbejdermåneder."
        case (.peopleNone, .en): "No employee-months."
        case (.peopleLogged, .da): "Opslaget er skrevet i opslagsloggen."
        case (.peopleLogged, .en): "The look-up has been written to the look-up log."
        case (.exportLead, .da): "Hent tallene på siden:"
        case (.exportLead, .en): "Download the figures on this page:"
        case (.exportLogged, .da): "(små tal er skjult som i rapporten; hentningen logges)"
        case (.exportLogged, .en): "(small cells hidden as on the page; the download is logged)"
        }
    }
}
