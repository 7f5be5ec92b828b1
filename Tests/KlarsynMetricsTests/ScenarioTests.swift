import Foundation
import KlarsynCore
import KlarsynMetrics
import KlarsynWorkspace
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// HR scenarios as executable answers.
@Suite struct ScenarioTests {
    static let publicIds = [
        "weekend-not-registered", "four-day-gap", "exactly-28", "twenty-nine", "half-day-start", "spans-months",
        "retracted-day", "substitute",
        "child-sick",
    ]
    static let ownIds = [
        "half-day-bridges-gap", "year-end-spell", "employment-ends-mid-spell", "part-time-fte", "two-halves-one-day",
        "retraction-splits-spell",
    ]

    @Test func defaultWorkspaceShipsPublicAndOwnScenarios() throws {
        let ids = Set(try DefaultWorkspaceDefinitions.scenarios().map(\.id))
        #expect(ids.isSuperset(of: Self.publicIds))
        #expect(ids.isSuperset(of: Self.ownIds))
    }

    @Test func everyScenarioAgreesWithVersion1() throws {
        let set = try DefaultWorkspaceDefinitions.sickLeave()
        let scenarios = try DefaultWorkspaceDefinitions.scenarios()
        let reports = ScenarioRunner.run(
            scenarios, definitions: set.versions, current: set.current(on: day("2026-11-23"))?.version)
        let v1 = reports.first { $0.version == 1 }!
        #expect(v1.isCurrent)
        #expect(v1.answered == scenarios.count)
        #expect(v1.contradicting == 0, "\(v1.renderText())")
        #expect(!ScenarioRunner.currentContradicts(reports))
    }

    @Test func proposedVersion2ContradictsHRWithExplanation() throws {
        let set = try DefaultWorkspaceDefinitions.sickLeave()
        let scenarios = try DefaultWorkspaceDefinitions.scenarios()
        let reports = ScenarioRunner.run(scenarios, definitions: set.versions, current: 1)
        let v2 = reports.first { $0.version == 2 }!
        let contradicted = v2.outcomes.filter { $0.answered && !$0.agrees }.map(\.scenarioId)
        #expect(contradicted == ["spans-months", "twenty-nine"])
        #expect(v2.answered == scenarios.count - 1, "year-end-spell was answered for version 1 only")
        let text = v2.renderText()
        #expect(text.contains("sick-leave@2: 14 answered, 12 agreeing, 2 contradicting"))
        #expect(text.contains("long_term_days_in 2024-03: HR answered 12, definition gives 0"))
        #expect(text.contains("the spell as known at the end of March 2024 is 12 calendar days"))
        // If the proposal were current, the CLI would fail.
        #expect(ScenarioRunner.currentContradicts(ScenarioRunner.run(scenarios, definitions: set.versions, current: 2)))
    }

    @Test func contradictionIsDetected() throws {
        // A definition with a 20-day threshold contradicts "exactly-28".
        let scenario = try DefaultWorkspaceDefinitions.scenarios().first { $0.id == "exactly-28" }!
        let outcome = ScenarioRunner.run(scenario, definition: definition { $0.longTermThresholdDays = 20 })
        #expect(outcome.answered && !outcome.agrees)
        #expect(outcome.checks.first { $0.key == "long_term" }?.actual == "true")
        #expect(outcome.explanation?.contains("Spell 1: Mon 4 Mar 2024 to Sun 31 Mar 2024, 28 calendar days") == true)
    }

    @Test func yamlErrorsNameFileLineAndField() {
        func error(_ text: String, file: String = "scenarios/x.yml") -> DefinitionFileError? {
            do {
                _ = try ScenarioLoader.parse(text, file: file)
                return nil
            } catch let e as DefinitionFileError {
                return e
            } catch {
                return nil
            }
        }
        let base = """
            id: x
            question: Q?
            employment: {from: 2024-01-01, weekly_hours: 37, form: Fastansat}
            registrations:
              - {dates: 2024-03-07..2024-03-08, code: SYG, part: FULL}
            expect:
              spells: 1

            """
        #expect(error(base) == nil)
        let badCode = error(base.replacingOccurrences(of: "code: SYG", with: "code: SICK"))
        #expect(badCode?.line == 5)
        #expect(badCode?.field == "registrations[1].code")
        #expect(
            badCode?.description.hasPrefix(
                "scenarios/x.yml:5: `registrations[1].code`: is required: one of SYG, BARN_SYG") == true)
        let badRange = error(base.replacingOccurrences(of: "2024-03-07..2024-03-08", with: "2024-03-08..2024-03-07"))
        #expect(badRange?.field == "registrations[1].dates")
        let unknown = error(base.replacingOccurrences(of: "  spells: 1", with: "  spels: 1"))
        #expect(unknown?.line == 7)
        #expect(unknown?.description.contains("did you mean `expect.spells`?") == true)
        let form = error(base.replacingOccurrences(of: "Fastansat", with: "Permanent"))
        #expect(form?.field == "employment.form")
        #expect(form?.line == 3)
        let syntax = error(base + "  - [unclosed\n")
        #expect(syntax?.code == "scenario.yaml-syntax")
        #expect(syntax?.line != nil)
        #expect(error(base, file: "scenarios/other.yml")?.field == "id")
        #expect(error(base.replacingOccurrences(of: "question: Q?\n", with: ""))?.field == "question")
    }

    @Test func calendarSVGIsReadableAndWellFormed() throws {
        let scenarios = try DefaultWorkspaceDefinitions.scenarios()
        let set = try DefaultWorkspaceDefinitions.sickLeave()
        for scenario in scenarios {
            let svg = ScenarioCalendarSVG.render(scenario, definition: set.versions[0])
            #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
            #expect(svg.contains("<title id=\"t\">Scenario \(scenario.id):"))
            #expect(svg.contains("<desc id=\"d\">"))
            for h in ScenarioCalendarSVG.weekdayHeaders { #expect(svg.contains(">\(h)</text>")) }
            #expect(svg.contains("Legend"))
            let parser = XMLParser(data: Data(svg.utf8))
            #expect(parser.parse(), "\(scenario.id): \(parser.parserError.map { "\($0)" } ?? "")")
        }
        let spans = scenarios.first { $0.id == "spans-months" }!
        let svg = ScenarioCalendarSVG.render(spans, definition: set.versions[0])
        #expect(svg.contains("Marts 2024") && svg.contains("April 2024"))
        #expect(svg.contains("★L"), "the day it turns long-term is marked")
        #expect(svg.contains("Turns long-term on Wed 20 Mar 2024"))
        let bridge = ScenarioCalendarSVG.render(
            scenarios.first { $0.id == "half-day-bridges-gap" }!, definition: set.versions[0])
        #expect(bridge.contains(">½S</text>") && bridge.contains(">b</text>") && bridge.contains("forløb 1"))
        let retracted = ScenarioCalendarSVG.render(
            scenarios.first { $0.id == "retraction-splits-spell" }!, definition: set.versions[0])
        #expect(retracted.contains(">×</text>") && retracted.contains("forløb 2"))
    }
}
