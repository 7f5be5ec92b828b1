public import Foundation
public import KlarsynWorkspace

/// A UI language. Danish is the default; English is the second language.
///
/// The language of a page comes from `?lang=` first, then the `klarsyn_lang` cookie, then
/// ``WebConfiguration/language``. Every generated link carries it on.
public enum Language: String, Sendable, CaseIterable {
    /// Danish (default).
    case da
    /// English.
    case en
}

/// Everything `klarsyn serve` needs to start the web workbench.
///
/// ```swift
/// let configuration = WebConfiguration(warehousePath: "region.sqlite", workspace: try .builtIn())
/// try await KlarsynWebServer.run(configuration: configuration)
/// ```
public struct WebConfiguration: Sendable {
    /// Path of the warehouse SQLite file; it must exist (built with `klarsyn build`).
    public var warehousePath: String
    /// The workspace whose `reports/`, `definitions/` and `sources/` the pages read.
    public var workspace: Workspace
    /// Address to bind; loopback by default so that nothing is exposed by accident.
    public var host: String
    /// TCP port; 0 picks a free port.
    public var port: Int
    /// Language used when a request names none.
    public var language: Language
    /// A session ends after this long without a request (default 30 minutes).
    public var sessionIdleTimeout: TimeInterval = 30 * 60
    /// A session ends this long after sign-in whatever happens (default 8 hours).
    public var sessionAbsoluteTimeout: TimeInterval = 8 * 60 * 60

    /// Creates a configuration.
    public init(
        warehousePath: String, workspace: Workspace, host: String = "127.0.0.1", port: Int = 8080,
        language: Language = .da
    ) {
        self.warehousePath = warehousePath
        self.workspace = workspace
        self.host = host
        self.port = port
        self.language = language
    }
}
