public import Foundation
public import KlarsynMetrics

/// The definitions and scenarios that ship with the default workspace (`klarsyn init`).
public enum DefaultWorkspaceDefinitions {
    /// The bundled default workspace folder.
    public static var workspace: URL { Bundle.module.resourceURL!.appendingPathComponent("DefaultWorkspace") }
    /// Its `definitions/` folder.
    public static var definitionsDirectory: URL { workspace.appendingPathComponent("definitions") }
    /// Its `scenarios/` folder.
    public static var scenariosDirectory: URL { workspace.appendingPathComponent("scenarios") }

    /// The bundled sick-leave definition versions.
    public static func sickLeave() throws -> SickLeaveDefinitionSet {
        try SickLeaveDefinitionLoader.load(workspace: workspace)
    }
    /// The bundled scenarios.
    public static func scenarios() throws -> [Scenario] { try ScenarioLoader.loadAll(workspace: workspace) }
}
