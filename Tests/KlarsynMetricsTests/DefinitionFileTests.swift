import Foundation
import KlarsynCore
import KlarsynMetrics
import KlarsynWorkspace
import Testing

/// Definitions as workspace files: loading, versions, the current one, domain errors.
@Suite struct DefinitionFileTests {
    static let defaultText: String = {
        let url = DefaultWorkspaceDefinitions.definitionsDirectory.appendingPathComponent("sick-leave.toml")
        return try! String(contentsOf: url, encoding: .utf8)
    }()

    @Test func defaultWorkspaceShipsTwoVersionsAndV1IsCurrent() throws {
        let set = try DefaultWorkspaceDefinitions.sickLeave()
        #expect(set.versions.map(\.version) == [1, 2])
        #expect(set.versions[0].parameters == .regionDefault)
        #expect(set.versions[0].status == .published)
        #expect(set.versions[1].status == .proposed)
        #expect(set.versions[1].parameters.classification == .asOf)
        #expect(set.versions[1].parameters.codes == ["SYG", "ARB_SKADE"])
        #expect(set.versions[1].changelog.count == 2)
        #expect(set.versions[0].owner.contains("HR"))
        #expect(set.current(on: day("2026-11-23"))?.version == 1)
        #expect(set.current(on: day("2030-01-01"))?.version == 1, "a proposed version never becomes current by date")
        #expect(set.current(on: day("2023-12-31")) == nil)
        #expect(try set.resolve("sick-leave@2", today: day("2026-11-23")).version == 2)
        #expect(try set.resolve("sick-leave", today: day("2026-11-23")).version == 1)
        #expect(throws: DefinitionReferenceError.self) { try set.resolve("sick-leave@7", today: day("2026-11-23")) }
        do {
            _ = try set.resolve("sick-leave@7", today: day("2026-11-23"))
        } catch {
            #expect(
                error.description == "definition `sick-leave@7`: no such version; available: sick-leave@1, sick-leave@2"
            )
        }
    }

    @Test func publishedVersionBecomesCurrentOnItsEffectiveDate() throws {
        let text = Self.defaultText.replacingOccurrences(of: "status = \"proposed\"", with: "status = \"published\"")
        let set = try SickLeaveDefinitionLoader.parse(text)
        #expect(set.current(on: day("2026-12-31"))?.version == 1)
        #expect(set.current(on: day("2027-01-01"))?.version == 2)
    }

    @Test func parameterOutsideDomainSaysWhatIsAllowed() {
        var p = SickLeaveParameters.regionDefault
        p.halfDayWeight = 1.5
        #expect(throws: SickLeaveParameterError(parameter: "half_day_weight", value: "1.5", allowed: "0 … 1")) {
            try p.validate()
        }
        p = .regionDefault
        p.codes = ["SYG", "SICK"]
        #expect(throws: SickLeaveParameterError.self) { try p.validate() }
        p = .regionDefault
        p.longTermThresholdDays = 0
        #expect(throws: SickLeaveParameterError.self) { try p.validate() }
        p = .regionDefault
        p.linkGapDays = -1
        #expect(throws: SickLeaveParameterError.self) { try p.validate() }
        p = .regionDefault
        p.population = []
        #expect(throws: SickLeaveParameterError.self) { try p.validate() }
        p = .regionDefault
        p.fullTimeHours = 0
        #expect(throws: SickLeaveParameterError.self) { try p.validate() }
    }

    func loadError(_ text: String) -> DefinitionFileError? {
        do {
            _ = try SickLeaveDefinitionLoader.parse(text)
            return nil
        } catch let e as DefinitionFileError {
            return e
        } catch {
            return nil
        }
    }

    /// Replaces the n-th occurrence (0-based) of `old`.
    func replacing(_ old: String, with new: String, occurrence: Int) -> String {
        var ranges: [Range<String.Index>] = []
        var search = Self.defaultText.startIndex..<Self.defaultText.endIndex
        while let r = Self.defaultText.range(of: old, range: search) {
            ranges.append(r)
            search = r.upperBound..<Self.defaultText.endIndex
        }
        var text = Self.defaultText
        text.replaceSubrange(ranges[occurrence], with: new)
        return text
    }

    func lineNumber(of needle: String, in text: String) -> Int {
        text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(needle) }! + 1
    }

    @Test func tomlDomainErrorNamesFileLineVersionParameterAndDomain() {
        let text = replacing("half_day_weight = 0.5", with: "half_day_weight = 1.5", occurrence: 1)
        let e = loadError(text)
        let line = lineNumber(of: "half_day_weight = 1.5", in: text)
        #expect(
            e?.description
                == "definitions/sick-leave.toml:\(line): version 2: parameter `half_day_weight` = 1.5 is outside its domain: allowed 0 … 1"
        )
        #expect(e?.field == "half_day_weight")
        #expect(e?.code == "definition.parameter-domain")
    }

    @Test func tomlChoiceErrorListsTheChoices() {
        let e = loadError(
            replacing("classification = \"retroactive\"", with: "classification = \"rolling\"", occurrence: 0))
        #expect(
            e?.description.contains(
                "version 1: parameter `classification` = \"rolling\" is outside its domain: allowed \"retroactive\", \"as_of\", \"day_position\""
            ) == true)
        let c = loadError(replacing("codes = [\"SYG\"]", with: "codes = [\"SYG\", \"SICK\"]", occurrence: 0))
        #expect(
            c?.description.contains(
                "parameter `codes` = \"SICK\" is outside its domain: allowed a non-empty list of \"SYG\"") == true)
        let t = loadError(replacing("link_gap_days = 2", with: "link_gap_days = 2.5", occurrence: 0))
        #expect(t?.description.contains("parameter `link_gap_days` must be a whole number") == true)
    }

    @Test func tomlUnknownParameterSuggestsTheRightName() {
        let e = loadError(replacing("half_day_weight = 0.5", with: "half_day_wieght = 0.5", occurrence: 0))
        #expect(e?.field == "half_day_wieght")
        #expect(e?.description.contains("did you mean `half_day_weight`?") == true)
        #expect(e?.line != nil)
    }

    @Test func tomlSyntaxErrorHasALine() {
        let e = loadError(
            Self.defaultText.replacingOccurrences(
                of: "link_gap_days = 2\nlength_basis", with: "link_gap_days = = 2\nlength_basis"))
        #expect(e?.code == "definition.toml-syntax")
        #expect(e?.line != nil)
        #expect(e?.description.hasPrefix("definitions/sick-leave.toml:") == true)
    }

    @Test func tomlMissingFieldsAndDuplicateVersions() {
        #expect(
            loadError(Self.defaultText.replacingOccurrences(of: "effective_from = 2027-01-01", with: ""))?.field
                == "effective_from")
        #expect(
            loadError(Self.defaultText.replacingOccurrences(of: "status = \"proposed\"", with: "status = \"draft\""))?
                .description.contains("allowed \"published\", \"proposed\", \"retired\"") == true)
        #expect(
            loadError(Self.defaultText.replacingOccurrences(of: "version = 2\n", with: "version = 1\n"))?.code
                == "definition.duplicate-version")
    }
}
