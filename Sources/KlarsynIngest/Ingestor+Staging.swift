import KlarsynStore

extension Ingestor {
    /// Creates the staging table (and its `_current` view and column lineage) of every contract,
    /// also for sources that have delivered nothing yet, so models over them build to empty
    /// tables instead of failing. Safe to call before every build.
    public func prepareStaging() throws {
        let referencedBy = contracts.contracts.flatMap { c in c.columns.compactMap { $0.references } }
        try warehouse.write { db in
            for contract in contracts.contracts {
                try StagingSchema.ensure(
                    db, contract: contract,
                    referencedColumns: referencedBy.filter { $0.source == contract.name }.map(\.column))
            }
        }
    }
}
