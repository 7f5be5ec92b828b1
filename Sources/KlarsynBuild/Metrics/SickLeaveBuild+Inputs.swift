import GRDB
public import KlarsynMetrics
import KlarsynStore

extension SickLeaveBuild {
    /// The unit tree through time, from the `org_unit` model.
    public func unitTree() throws -> UnitTree {
        try warehouse.read { db in UnitTree(periods: try Self.unitPeriods(db)) }
    }

    /// Streams every employee's engine inputs (employment periods and every delivered absence
    /// version) in employee id order, inside one read transaction: the same inputs a build uses.
    public func forEachInput(_ body: (EmployeeInput) throws -> Void) throws {
        try warehouse.read { db in
            try Self.forEachEmployee(db, fileOrder: try Self.fileOrder(db), body)
        }
    }
}
