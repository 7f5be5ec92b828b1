/// Where an occupation belongs in the unit tree.
enum Placement: Sendable {
    /// A ward (Afsnit) of a clinical department.
    case ward
    /// A clinical department (Afdeling).
    case department
    /// The clinical biochemistry department.
    case lab
    /// The radiology department.
    case radiology
    /// The porter service ward.
    case porters
}

/// One occupation of the region's workforce.
struct Occupation: Sendable {
    let code: String
    let title: String
    /// Share of the workforce (sums to 1 over the catalogue).
    let share: Double
    let placement: Placement
    /// Works rotating shifts and appears in the shift-planning deliveries.
    let shiftWorker: Bool
    /// Full-time monthly base pay in DKK.
    let monthlyPay: Int
    let minAge: Int
    let maxAge: Int
    /// Doctors in training: fixed-term contracts that end with `Udløb`.
    let trainee: Bool
    /// Works part time in the usual Danish proportions.
    let partTime: Bool
    /// Group name on agency invoices.
    let agencyGroup: String?
}

enum Catalogue {
    static let occupations: [Occupation] = [
        .init(
            code: "5120", title: "Sygeplejerske", share: 0.38, placement: .ward, shiftWorker: true, monthlyPay: 36_500,
            minAge: 23, maxAge: 66, trainee: false, partTime: true, agencyGroup: "Sygeplejerske"),
        .init(
            code: "5340", title: "Social- og sundhedsassistent", share: 0.15, placement: .ward, shiftWorker: true,
            monthlyPay: 30_200, minAge: 20, maxAge: 66, trainee: false, partTime: true,
            agencyGroup: "Social- og sundhedsassistent"),
        .init(
            code: "5110", title: "Afdelingssygeplejerske", share: 0.01, placement: .ward, shiftWorker: false,
            monthlyPay: 48_000, minAge: 32, maxAge: 66, trainee: false, partTime: false, agencyGroup: nil),
        .init(
            code: "4010", title: "Overlæge", share: 0.05, placement: .department, shiftWorker: false,
            monthlyPay: 78_000, minAge: 35, maxAge: 70, trainee: false, partTime: false, agencyGroup: "Læge"),
        .init(
            code: "4020", title: "Afdelingslæge", share: 0.03, placement: .department, shiftWorker: false,
            monthlyPay: 63_000, minAge: 32, maxAge: 66, trainee: false, partTime: false, agencyGroup: "Læge"),
        .init(
            code: "4030", title: "Reservelæge", share: 0.04, placement: .department, shiftWorker: false,
            monthlyPay: 48_500, minAge: 28, maxAge: 45, trainee: true, partTime: false, agencyGroup: "Læge"),
        .init(
            code: "4040", title: "Introduktionslæge", share: 0.02, placement: .department, shiftWorker: false,
            monthlyPay: 45_000, minAge: 27, maxAge: 38, trainee: true, partTime: false, agencyGroup: "Læge"),
        .init(
            code: "6210", title: "Lægesekretær", share: 0.08, placement: .department, shiftWorker: false,
            monthlyPay: 31_000, minAge: 22, maxAge: 66, trainee: false, partTime: true, agencyGroup: nil),
        .init(
            code: "5410", title: "Fysioterapeut", share: 0.04, placement: .department, shiftWorker: false,
            monthlyPay: 35_200, minAge: 24, maxAge: 66, trainee: false, partTime: true, agencyGroup: nil),
        .init(
            code: "5420", title: "Ergoterapeut", share: 0.02, placement: .department, shiftWorker: false,
            monthlyPay: 35_000, minAge: 24, maxAge: 66, trainee: false, partTime: true, agencyGroup: nil),
        .init(
            code: "5610", title: "Bioanalytiker", share: 0.05, placement: .lab, shiftWorker: false, monthlyPay: 35_400,
            minAge: 23, maxAge: 66, trainee: false, partTime: true, agencyGroup: nil),
        .init(
            code: "5620", title: "Radiograf", share: 0.02, placement: .radiology, shiftWorker: false,
            monthlyPay: 36_000, minAge: 23, maxAge: 66, trainee: false, partTime: true, agencyGroup: nil),
        .init(
            code: "7110", title: "Portør", share: 0.04, placement: .porters, shiftWorker: true, monthlyPay: 28_300,
            minAge: 19, maxAge: 67, trainee: false, partTime: true, agencyGroup: nil),
        .init(
            code: "7210", title: "Serviceassistent", share: 0.04, placement: .ward, shiftWorker: false,
            monthlyPay: 27_400, minAge: 19, maxAge: 67, trainee: false, partTime: true, agencyGroup: nil),
        .init(
            code: "6110", title: "Administrativ medarbejder", share: 0.03, placement: .department, shiftWorker: false,
            monthlyPay: 32_500, minAge: 22, maxAge: 67, trainee: false, partTime: true, agencyGroup: nil),
    ]

    /// Employment forms, in the vendor's words, indexed by `EmploymentForm.rawValue`.
    static let forms = ["Fastansat", "Tidsbegrænset", "Vikar", "Timelønnet"]
    static let formWeights = [0.80, 0.10, 0.06, 0.04]
    /// Leavers' reasons, indexed by `LeaveReason.rawValue` (0 = none).
    static let leaveReasons = ["", "Egen opsigelse", "Pension", "Afsked", "Udløb"]
    /// Contracted weekly hours of part-time-capable staff and their weights.
    static let hours = [37, 32, 30, 28, 24]
    static let hoursWeights = [0.46, 0.28, 0.12, 0.09, 0.05]

    static let regionName = "Region Søndervang"
    static let hospitals = [
        "Nørrebæk Hospital", "Sygehus Søndermark", "Regionshospitalet Åløkke", "Kærby Sygehus", "Hospitalsenhed Østerå",
    ]
    static let medicalDepartments = [
        ("Kardiologisk Afdeling", "Kardiologisk"), ("Lungemedicinsk Afdeling", "Lungemedicinsk"),
        ("Geriatrisk Afdeling", "Geriatrisk"), ("Endokrinologisk Afdeling", "Endokrinologisk"),
    ]
    static let surgicalDepartments = [
        ("Ortopædkirurgisk Afdeling", "Ortopædkirurgisk"), ("Mave- og Tarmkirurgisk Afdeling", "Mave-tarmkirurgisk"),
        ("Urologisk Afdeling", "Urologisk"), ("Anæstesiologisk Afdeling", "Anæstesiologisk"),
    ]
    static let wardKinds = ["Sengeafsnit", "Sengeafsnit", "Ambulatorium", "Dagafsnit", "Sengeafsnit", "Akutafsnit"]

    static let absenceCodes = ["", "SYG", "BARN_SYG", "ARB_SKADE", "FERIE", "KURSUS", "ORLOV"]

    static let sfiAreas = [
        "Funktionsniveau", "Bevægeapparat", "Ernæring", "Hud og slimhinder", "Kommunikation", "Psykosociale forhold",
        "Respiration og cirkulation", "Seksualitet", "Smerter og sanseindtryk", "Søvn og hvile", "Viden og udvikling",
        "Udskillelse af affaldsstoffer",
    ]
    static let sfiWeights = [1.6, 1.0, 1.3, 0.9, 0.8, 0.9, 1.4, 0.15, 1.2, 0.8, 0.6, 1.1]

    static let surveyQuestions = [
        ("Q1", "Jeg er glad for mit arbejde"),
        ("Q2", "Jeg oplever et godt samarbejde med mine kolleger"),
        ("Q3", "Min nærmeste leder anerkender min indsats"),
        ("Q4", "Jeg har indflydelse på tilrettelæggelsen af mit arbejde"),
        ("Q5", "Arbejdsmængden er passende"),
        ("Q6", "Jeg føler mig tryg på min arbejdsplads"),
        ("Q7", "Vagtplanen tager hensyn til mit liv uden for arbejdet"),
        ("Q8", "Jeg får den oplæring og udvikling jeg har brug for"),
        ("Q9", "Jeg forventer at arbejde her om et år"),
    ]
    /// How much each question moves with the unit's sickness level.
    static let surveyQuestionBase = [4.1, 4.0, 3.7, 3.5, 3.0, 3.9, 3.3, 3.5, 3.8]

    static let agencies = [
        "Akut Vikarservice ApS", "Dansk Sygeplejevikar A/S", "Vikarhuset Øresund", "Nordisk Lægebemanding",
    ]
}

enum AbsenceCode {
    static let syg: UInt8 = 1
    static let barnSyg: UInt8 = 2
    static let arbSkade: UInt8 = 3
    static let ferie: UInt8 = 4
    static let kursus: UInt8 = 5
    static let orlov: UInt8 = 6
}

enum EmploymentForm {
    static let fastansat: UInt8 = 0
    static let tidsbegraenset: UInt8 = 1
    static let vikar: UInt8 = 2
    static let timeloennet: UInt8 = 3
}

enum LeaveReason {
    static let none: UInt8 = 0
    static let resigned: UInt8 = 1
    static let pension: UInt8 = 2
    static let dismissed: UInt8 = 3
    static let expired: UInt8 = 4
}
