import ArgumentParser

/// The `klarsyn` command: the composition root of the CLI. Each subcommand is a thin layer over
/// one library target; see `docs/cli.md`.
@main
struct Klarsyn: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "klarsyn",
        abstract: "Klarsyn — a data warehouse and report workbench for public healthcare.",
        discussion: """
            Klarsyn ingests the HR, shift, EHR and survey deliveries of a hospital region into a \
            warehouse, keeps every delivered line, and explains every figure it shows.

            Start with `klarsyn demo`: it generates a synthetic region and loads it.
            """,
        version: KlarsynVersion.current,
        subcommands: [
            DemoCommand.self,
            InitCommand.self,
            GenerateCommand.self,
            IngestCommand.self,
            QuarantineCommand.self,
            BuildCommand.self,
            TestCommand.self,
            QueryCommand.self,
            LineageCommand.self,
            DocsCommand.self,
            ExplainCommand.self,
            ScenariosCommand.self,
            ServeCommand.self,
            AuditCommand.self,
            AccountsCommand.self,
            ReconcileCommand.self,
            ImpactCommand.self,
            MigrateCommand.self,
        ]
    )
}

/// The version printed by `klarsyn --version`.
enum KlarsynVersion {
    static let current = "0.1.0"
}
