import ArgumentParser
import Foundation
import KlarsynCore
import KlarsynMetrics
import KlarsynWorkspace

/// Loads the workspace's sick-leave definitions, or explains what is wrong with the file.
func loadSickLeaveDefinitions(_ workspace: Workspace) throws -> SickLeaveDefinitionSet {
    do {
        return try SickLeaveDefinitionLoader.load(workspace: workspace.root)
    } catch {
        throw CLIError(String(describing: error))
    }
}

/// Today's date in Copenhagen (for "the current definition version").
func todayInCopenhagen() -> CalendarDay {
    CopenhagenTime.local(fromUTC: Int(Date().timeIntervalSince1970)).day
}

/// Resolves `--definition` (e.g. `sick-leave@2`, `2`, `current`) against a definition set.
func resolveDefinition(_ reference: String?, in set: SickLeaveDefinitionSet) throws -> SickLeaveDefinition {
    do {
        return try set.resolve(reference ?? "current", today: todayInCopenhagen())
    } catch {
        throw ValidationError(error.description)
    }
}
