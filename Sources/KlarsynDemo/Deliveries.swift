import Foundation
import KlarsynCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The ten delivery sources with their exact format: name prefix, encoding, delimiter, line end, header.
enum Source: Int, CaseIterable, Sendable {
    case orgUnits, employments, payroll, sickLeave, shifts, absences, ehr, interns, survey, agency

    var prefix: String {
        switch self {
        case .orgUnits: "pdc_org_units"
        case .employments: "pdc_employments"
        case .payroll: "pdc_payroll"
        case .sickLeave: "pdc_sickleave"
        case .shifts: "psc_shifts"
        case .absences: "psc_absences"
        case .ehr: "ehr_activity"
        case .interns: "interns"
        case .survey: "survey"
        case .agency: "agency_invoices"
        }
    }

    var fileExtension: String { self == .ehr ? "jsonl" : "csv" }

    /// Windows-1252 (payroll vendor, finance) or UTF-8 (everything else).
    var isWindows1252: Bool {
        switch self {
        case .orgUnits, .employments, .payroll, .sickLeave, .agency: true
        default: false
        }
    }

    /// The Windows vendors end lines with CRLF; the other systems with LF.
    var crlf: Bool { isWindows1252 }

    var delimiter: UInt8 { isWindows1252 ? 59 : 44 }

    /// Column names; empty for JSON Lines (which has no header row).
    var header: [String] {
        switch self {
        case .orgUnits: ["EnhedID", "Overordnet", "Navn", "Type", "Gyldig_fra", "Gyldig_til"]
        case .employments:
            [
                "MedarbejderID", "Fødselsår", "Køn", "Stillingskode", "Stillingsbetegnelse", "Ansættelsesform",
                "Ugentlige_timer", "EnhedID",
                "Gyldig_fra", "Gyldig_til", "Fratrædelsesårsag",
            ]
        case .payroll: ["MedarbejderID", "Måned", "Lønart", "Beløb"]
        case .sickLeave: ["MedarbejderID", "Måned", "Korttidsfravær_dage", "Langtidsfravær_dage"]
        case .shifts:
            [
                "shift_id", "employee_id", "unit_id", "start", "end", "shift_type", "status", "overtime_minutes",
                "last_changed",
            ]
        case .absences: ["absence_id", "employee_id", "date", "code", "part", "registered_at", "deleted"]
        case .ehr: []
        case .interns:
            [
                "intern_id", "ehr_user_id", "semester", "unit_id", "placement_start", "placement_end",
                "supervisor_employee_id",
            ]
        case .survey: ["round", "unit_id", "question_id", "question", "respondents", "mean_score"]
        case .agency: ["FakturaID", "EnhedID", "Måned", "Bureau", "Personalegruppe", "Timer", "Beløb"]
        }
    }

    /// The header row's bytes in the source's encoding, with its line end.
    var headerBytes: [UInt8] {
        guard !header.isEmpty else { return [] }
        let text = header.joined(separator: isWindows1252 ? ";" : ",")
        var bytes = isWindows1252 ? Encoded.cp1252(text) : Encoded.utf8(text)
        if crlf { bytes.append(13) }
        bytes.append(10)
        return bytes
    }

    /// The name of a file delivered on `day` (`NAME_YYYYMMDD.EXT`).
    func fileName(day: CalendarDay) -> String {
        var b = ByteSink()
        b.padded(day.year, 4)
        b.two(day.month)
        b.two(day.day)
        return prefix + "_" + String(decoding: b.bytes, as: UTF8.self) + "." + fileExtension
    }

    /// The name of a monthly file (`NAME_YYYYMM.EXT`, which counts as the first of the month).
    func fileName(month: YearMonth) -> String {
        var b = ByteSink()
        b.padded(month.year, 4)
        b.two(month.month)
        return prefix + "_" + String(decoding: b.bytes, as: UTF8.self) + "." + fileExtension
    }

    /// True when a file name belongs to this source (`prefix_` followed by 6 or 8 digits).
    func matches(_ name: String) -> Bool {
        guard name.hasPrefix(prefix + "_"), name.hasSuffix("." + fileExtension) else { return false }
        let stem = name.dropFirst(prefix.count + 1).dropLast(fileExtension.count + 1)
        return (stem.count == 6 || stem.count == 8) && stem.allSatisfy(\.isNumber)
    }
}

/// Appends bytes to the delivery files, through C stdio in large chunks.
final class DeliveryWriter {
    let directory: URL
    private(set) var bytesWritten: [String: Int] = [:]

    init(directory: URL) { self.directory = directory }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Creates (or truncates) a file holding `bytes`.
    func create(_ name: String, _ bytes: [UInt8]) throws {
        try put(name, bytes, mode: "wb")
    }

    func append(_ name: String, _ bytes: [UInt8]) throws {
        if bytes.isEmpty { return }
        try put(name, bytes, mode: "ab")
    }

    private func put(_ name: String, _ bytes: [UInt8], mode: String) throws {
        guard let f = fopen(path(name), mode) else {
            throw GenerationError(
                .cannotWrite,
                "Could not open \(path(name)) for writing (errno \(errno)). Check that the folder is writable and the disk is not full."
            )
        }
        defer { fclose(f) }
        if !bytes.isEmpty {
            let n = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, f) }
            if n != bytes.count {
                throw GenerationError(
                    .cannotWrite, "Could not write \(path(name)) (errno \(errno)). Check free disk space.")
            }
        }
        bytesWritten[name, default: 0] += bytes.count
    }
}
