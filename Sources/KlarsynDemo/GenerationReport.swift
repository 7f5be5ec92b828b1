/// What a generation run wrote: per source the number of files, data rows and bytes, the size of the
/// region and the number of injected faults.
public struct GenerationReport: Sendable, Codable, Equatable {
    /// Counts for one source (e.g. `pdc_payroll`).
    public struct SourceSummary: Sendable, Codable, Equatable {
        /// File name prefix of the source, e.g. `psc_absences`.
        public let source: String
        /// Number of delivery files.
        public let files: Int
        /// Data rows (header rows not counted; one JSON object per line for EHR).
        public let rows: Int
        /// Total bytes on disk.
        public let bytes: Int
    }

    /// One entry per source, in the order of sources/README.md.
    public let sources: [SourceSummary]
    /// Distinct employees in the HR deliveries (initial staff and later hires).
    public let employees: Int
    /// Units in the tree (region, hospitals, centres, departments, wards), including closed ones.
    public let units: Int
    /// Number of hospitals.
    public let hospitals: Int
    /// First day of the period, `yyyy-mm-dd`.
    public let periodStart: String
    /// Last day of the period, `yyyy-mm-dd`.
    public let periodEnd: String
    /// Injected faults (0 without `faults`), as listed in `faults.json`.
    public let faults: Int
    /// Bytes of all files written, including `faults.json` and unrecognisable files.
    public let totalBytes: Int
    /// Lines for a terminal.
    public let summaryLines: [String]
}

/// Where a generation run is: the phase and the fraction of the whole run done (0…1).
public struct GenerationProgress: Sendable, Equatable {
    /// Phase name, e.g. `shifts and absences`.
    public let phase: String
    /// Fraction of the whole run done, 0…1.
    public let fraction: Double
}
