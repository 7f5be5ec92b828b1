import Foundation
import GRDB
import KlarsynStore
import KlarsynTesting
import KlarsynWeb
import Testing

/// `klarsyn accounts`: adding, listing, disabling and the refusals, against a real warehouse and
/// the real executable; the password only ever arrives on standard input.
@Suite struct AccountsCommandTests {
    /// A warehouse with the web tables and a two-unit tree, so unit managers can be scoped.
    func warehouse(_ tmp: TemporaryDirectory) throws -> String {
        let path = tmp.path("w.sqlite").path
        let store = try Warehouse.open(path: path, migrations: WarehouseMigrations.all + WebMigrations.all)
        try store.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE org_unit (unit_id TEXT, parent_id TEXT, unit_name TEXT, unit_type TEXT, valid_from TEXT);
                    INSERT INTO org_unit VALUES ('U1', NULL, 'Region', 'Region', '2023-01-01'),
                                                ('U2', 'U1', 'Afsnit 2', 'Afsnit', '2023-01-01');
                    """)
        }
        return path
    }

    @Test func addListDisableAndEnableAnAccount() throws {
        let cli = try CommandRunner()
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let path = try warehouse(tmp)
        let password = "en lang passphrase"
        let added = try cli.run(
            ["accounts", "add", "--warehouse", path, "--login", "a.hansen", "--name", "Anne Hansen", "--role",
             "unit-manager", "--unit", "U2"], input: password + "\n")
        #expect(added.exitCode == 0, "\(added.stderr)")
        #expect(added.stdout.contains("Added account 'a.hansen' (unit-manager)."))
        #expect(!added.stdout.contains(password) && !added.stderr.contains(password))

        let store = try Warehouse.open(path: path, migrations: WarehouseMigrations.all + WebMigrations.all)
        let hash = try store.read { db in
            try String.fetchOne(db, sql: "SELECT password_hash FROM web_accounts WHERE login = 'a.hansen'")
        }
        #expect(hash.map { PasswordHash.verify(password, against: $0) } == true)
        #expect(hash?.contains(password) == false)

        let listed = try cli.run(["accounts", "list", "--warehouse", path])
        #expect(listed.exitCode == 0)
        #expect(listed.stdout.contains("a.hansen"))
        #expect(listed.stdout.contains("unit U2 and below"))
        #expect(!listed.stdout.contains("pbkdf2") && !listed.stdout.contains("(disabled)"))

        #expect(try cli.run(["accounts", "disable", "--warehouse", path, "a.hansen"]).exitCode == 0)
        #expect(try cli.run(["accounts", "list", "--warehouse", path]).stdout.contains("(disabled)"))
        #expect(try AccountRepository(warehouse: store).disabledLogins() == ["a.hansen"])
        #expect(try cli.run(["accounts", "enable", "--warehouse", path, "a.hansen"]).exitCode == 0)
        #expect(try AccountRepository(warehouse: store).disabledLogins().isEmpty)
    }

    @Test func refusesWhatCannotBeAnAccountAndSaysWhatToDo() throws {
        let cli = try CommandRunner()
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let path = try warehouse(tmp)
        let base = ["accounts", "add", "--warehouse", path, "--login", "x.y", "--name", "X Y"]
        let cases: [(arguments: [String], input: String?, says: String)] = [
            (base + ["--role", "boss"], "a long enough password", "--role 'boss' is not a role. Use one of: bi-developer"),
            (base + ["--role", "unit-manager"], "a long enough password", "A unit manager needs --unit"),
            (base + ["--role", "unit-manager", "--unit", "U9"], "a long enough password",
             "--unit 'U9' is not a unit of the built model (org_unit)"),
            (base + ["--role", "hr-partner", "--unit", "U2"], "a long enough password", "--unit is only for a unit manager"),
            (base + ["--role", "intern"], "a long enough password", "An intern needs --subject"),
            (base + ["--role", "hr-partner"], "short", "The password is 5 characters; use at least 12"),
            (base + ["--role", "hr-partner"], "", "No password on standard input"),
            (["accounts", "add", "--warehouse", path, "--login", "bad login", "--name", "X", "--role", "admin"],
             "a long enough password", "--login 'bad login' is not a sign-in name"),
            (["accounts", "disable", "--warehouse", path, "nobody"], nil, "There is no account 'nobody'"),
            (["accounts", "list", "--warehouse", tmp.path("missing.sqlite").path], nil, "There is no warehouse at"),
        ]
        for c in cases {
            let result = try cli.run(c.arguments, input: c.input)
            #expect(result.exitCode != 0, "\(c.arguments)")
            #expect(result.stderr.contains(c.says), "\(c.arguments): \(result.stderr)")
        }
        #expect(try AccountRepository(warehouse: try Warehouse.open(path: path, migrations: WarehouseMigrations.all + WebMigrations.all)).all().isEmpty)
    }
}
