/// UI text of the student pages (issue 9): Danish first, English second (as ``UIText``).
enum StudentText: Sendable {
    case nav, overviewTitle, overviewLead, ownTitle, ownLead, noStudents
    case student(String), semester(Int), period(String, String), open
    case weeks, notes, dictations, areasMet(Int), areasMetShort, ofTwelve
    case coverageHeading, coverageLead, met, notMet, area, week(Int), weekShort(Int)
    case timelineSummary(Int, Int), cohortMedian, cohortNotShown(Int),
        cohortShown(median: String, students: Int), cohortNone, cohortColumn, cohortStudentsColumn, placementWeek
    case day, evening, night, timeOfDaySummary(Int, Int, Int)
    case notesAndDictationsSummary(Int, Int)
    case currencyHeading, currency(through: String, delivered: String), currencyUnknown
    case notAssessment, careWorkInvisible
    case commentsHeading, commentsLead, commentsEmpty, commentLabel, commentButton, commentTooLong, commentEmpty,
        author(StudentComment.Author)
    case exportLink, exportTitle, exportNote, printedOn(String)
    case otherPlacements, wardLabel, semesterLabel, periodLabel

    func text(_ l: Language) -> String {
        let (da, en) = pair
        return l == .da ? da : en
    }

    // swift-format-ignore
    private var pair: (String, String) {
        switch self {
        case .nav: ("Studerende", "Students")
        case .overviewTitle: ("Mine studerende i praktik", "My students on placement")
        case .overviewLead:
            ("Hvad dine studerende har skrevet i EPJ i praktikperioden på dit afsnit, som udgangspunkt for vejledningssamtalen. Kun dine egne studerende på dit afsnit vises.",
             "What your students have written in the EHR during their placement on your ward, as a starting point for supervision. Only your own students on your ward are shown.")
        case .ownTitle: ("Min praktik i EPJ", "My placement in the EHR")
        case .ownLead:
            ("Hvad du har skrevet i EPJ i din praktikperiode. Kun du og din kliniske vejleder kan se denne side.",
             "What you have written in the EHR during your placement. Only you and your clinical supervisor can see this page.")
        case .noStudents: ("Der er ingen praktikforløb at vise for dig.", "There are no placements to show for you.")
        case .student(let id): ("Studerende \(id)", "Student \(id)")
        case .semester(let s): ("\(s). semester", "semester \(s)")
        case .period(let a, let b): ("\(a) – \(b)", "\(a) – \(b)")
        case .open: ("Åbn oversigten", "Open the overview")
        case .weeks: ("Uger", "Weeks")
        case .notes: ("Notater (SFI)", "Notes (SFI)")
        case .dictations: ("Diktater", "Dictations")
        case .areasMet(let n): ("\(n) af 12 problemområder mødt indtil nu", "\(n) of 12 nursing problem areas met so far")
        case .areasMetShort: ("Områder mødt", "Areas met")
        case .ofTwelve: ("af 12", "of 12")
        case .coverageHeading: ("Mødte problemområder", "Nursing problem areas met")
        case .coverageLead:
            ("Et område er mødt, når den studerende har skrevet mindst ét notat under det. Tallet er antal notater i ugen. Et område uden notater kan sagtens være mødt i plejen.",
             "An area is met once the student has written at least one note under it. The number is the notes in that week. An area without notes may well have been met in the care itself.")
        case .met: ("mødt", "met")
        case .notMet: ("ikke endnu", "not yet")
        case .area: ("Problemområde", "Nursing problem area")
        case .week(let n): ("Uge \(n)", "Week \(n)")
        case .weekShort(let n): ("U\(n)", "W\(n)")
        case .timelineSummary(let weeks, let met):
            ("Efter \(weeks) uger er \(met) af 12 problemområder mødt.", "After \(weeks) weeks, \(met) of 12 areas are met.")
        case .cohortMedian: ("Årgangens median", "Cohort median")
        case .cohortNotShown(let n):
            ("Ingen sammenligning: årgangen (samme semester og termin) har \(n) studerende i denne praktikuge, og der sammenlignes først fra 5.",
             "No comparison: the cohort (same semester and term) has \(n) students in this placement week, and comparisons start at 5.")
        case .cohortShown(let m, let n):
            ("Medianen for årgangen (\(n) studerende) i samme praktikuge er \(m) områder.",
             "The cohort median (\(n) students) in the same placement week is \(m) areas.")
        case .cohortNone: ("ikke vist (under 5)", "not shown (under 5)")
        case .cohortColumn: ("Årgangens median", "Cohort median")
        case .cohortStudentsColumn: ("Studerende i årgangen", "Students in cohort")
        case .placementWeek: ("Praktikuge", "Placement week")
        case .day: ("Dag (07–15)", "Day (07–15)")
        case .evening: ("Aften (15–23)", "Evening (15–23)")
        case .night: ("Nat (23–07)", "Night (23–07)")
        case .timeOfDaySummary(let d, let e, let n):
            ("I alt \(d) om dagen, \(e) om aftenen og \(n) om natten.", "In all \(d) by day, \(e) in the evening and \(n) at night.")
        case .notesAndDictationsSummary(let n, let d):
            ("I alt \(n) notater og \(d) diktater.", "In all \(n) notes and \(d) dictations.")
        case .currencyHeading: ("Hvor nye er tallene?", "How current are the figures?")
        case .currency(let t, let d):
            ("Data rækker til og med \(t) (seneste EPJ-levering \(d)). Den seneste uge kan være ufuldstændig.",
             "The data reaches up to and including \(t) (latest EHR delivery \(d)). The latest week may be incomplete.")
        case .currencyUnknown: ("Der er endnu ingen EPJ-data.", "There is no EHR data yet.")
        case .notAssessment:
            ("Tallene er ikke en bedømmelse af den studerende. De er et udgangspunkt for en samtale.",
             "The figures are not an assessment of the student. They are a starting point for a conversation.")
        case .careWorkInvisible:
            ("Data viser kun, at der er skrevet et diktat eller et notat — ikke plejearbejdet med patienterne, dets kvalitet eller hvad den studerende har lært.",
             "The data shows only that a dictation or a note was written — not the care work with patients, its quality, or what the student has learned.")
        case .commentsHeading: ("Samtale mellem vejleder og studerende", "Conversation between supervisor and student")
        case .commentsLead:
            ("Kun den studerende og vejlederen ser tråden. Skriv om forløbet, ikke om patienter.",
             "Only the student and the supervisor see this thread. Write about the placement, not about patients.")
        case .commentsEmpty: ("Ingen kommentarer endnu.", "No comments yet.")
        case .commentLabel: ("Din kommentar", "Your comment")
        case .commentButton: ("Send kommentar", "Post comment")
        case .commentTooLong: ("Kommentaren er for lang (højst 2000 tegn).", "The comment is too long (at most 2000 characters).")
        case .commentEmpty: ("Skriv en kommentar, før du sender.", "Write a comment before posting.")
        case .author(let a):
            switch a {
            case .supervisor: ("Klinisk vejleder", "Clinical supervisor")
            case .student: ("Studerende", "Student")
            }
        case .exportLink: ("Hent samtaleark (HTML, kan udskrives som PDF)", "Download the dialogue sheet (HTML, prints to PDF)")
        case .exportTitle: ("Samtaleark: praktik i EPJ", "Dialogue sheet: placement in the EHR")
        case .exportNote:
            ("Til samtalen mellem vejleder og studerende. Udskriv med browserens Udskriv → Gem som PDF.",
             "For the conversation between supervisor and student. Print with the browser's Print → Save as PDF.")
        case .printedOn(let d): ("Dannet \(d) af Klarsyn.", "Made \(d) by Klarsyn.")
        case .otherPlacements: ("Andre praktikforløb", "Other placements")
        case .wardLabel: ("Afsnit", "Ward")
        case .semesterLabel: ("Semester", "Semester")
        case .periodLabel: ("Praktikperiode", "Placement period")
        }
    }
}
