import KlarsynCore
/// The fixed catalogue of functions in Klarsyn's portable subset. Each one is rendered for
/// every ``SQLDialect`` by the renderer; the table of renderings is in `docs/sql-subset.md`.
public enum FunctionCatalogue {
    /// How a function behaves with respect to rows.
    public enum Role: Sendable, Equatable {
        /// One value per row.
        case scalar
        /// `COUNT`, `SUM`, `AVG`, `MIN`, `MAX`: with `GROUP BY` or `OVER (…)`.
        case aggregate
        /// Ranking functions (`ROW_NUMBER`, `RANK`, `DENSE_RANK`): need `OVER (ORDER BY …)`.
        case ranking
        /// Navigation functions (`LAG`, `LEAD`, `FIRST_VALUE`, `LAST_VALUE`): need `OVER (ORDER BY …)`.
        case navigation
    }

    /// One catalogue entry.
    public struct Entry: Sendable, Equatable {
        /// Canonical upper-case name.
        public var name: String
        /// Minimum number of arguments.
        public var minArguments: Int
        /// Maximum number of arguments (`Int.max` for variadic).
        public var maxArguments: Int
        /// Scalar, aggregate or window.
        public var role: Role
        /// The call as documented, e.g. `DATE_ADD_DAYS(date, days)`.
        public var signature: String
    }

    /// All functions, by canonical name.
    public static let entries: [String: Entry] = {
        let list: [Entry] = [
            Entry(name: "COALESCE", minArguments: 2, maxArguments: .max, role: .scalar, signature: "COALESCE(a, b, …)"),
            Entry(name: "NULLIF", minArguments: 2, maxArguments: 2, role: .scalar, signature: "NULLIF(a, b)"),
            Entry(name: "ABS", minArguments: 1, maxArguments: 1, role: .scalar, signature: "ABS(x)"),
            Entry(name: "ROUND", minArguments: 1, maxArguments: 2, role: .scalar, signature: "ROUND(x [, digits])"),
            Entry(name: "FLOOR", minArguments: 1, maxArguments: 1, role: .scalar, signature: "FLOOR(x)"),
            Entry(name: "CEIL", minArguments: 1, maxArguments: 1, role: .scalar, signature: "CEIL(x)"),
            Entry(name: "INT_DIV", minArguments: 2, maxArguments: 2, role: .scalar, signature: "INT_DIV(a, b)"),
            Entry(name: "LOWER", minArguments: 1, maxArguments: 1, role: .scalar, signature: "LOWER(text)"),
            Entry(name: "UPPER", minArguments: 1, maxArguments: 1, role: .scalar, signature: "UPPER(text)"),
            Entry(name: "LENGTH", minArguments: 1, maxArguments: 1, role: .scalar, signature: "LENGTH(text)"),
            Entry(
                name: "SUBSTR", minArguments: 2, maxArguments: 3, role: .scalar,
                signature: "SUBSTR(text, start [, length])"),
            Entry(name: "TRIM", minArguments: 1, maxArguments: 1, role: .scalar, signature: "TRIM(text)"),
            Entry(
                name: "REPLACE", minArguments: 3, maxArguments: 3, role: .scalar, signature: "REPLACE(text, from, to)"),
            Entry(
                name: "DATE_ADD_DAYS", minArguments: 2, maxArguments: 2, role: .scalar,
                signature: "DATE_ADD_DAYS(date, days)"),
            Entry(
                name: "DATE_DIFF_DAYS", minArguments: 2, maxArguments: 2, role: .scalar,
                signature: "DATE_DIFF_DAYS(from, to)"),
            Entry(name: "MONTH_OF", minArguments: 1, maxArguments: 1, role: .scalar, signature: "MONTH_OF(date)"),
            Entry(name: "YEAR_OF", minArguments: 1, maxArguments: 1, role: .scalar, signature: "YEAR_OF(date)"),
            Entry(name: "DAY_OF_WEEK", minArguments: 1, maxArguments: 1, role: .scalar, signature: "DAY_OF_WEEK(date)"),
            Entry(
                name: "DATE_TRUNC_MONTH", minArguments: 1, maxArguments: 1, role: .scalar,
                signature: "DATE_TRUNC_MONTH(date)"),
            Entry(name: "TO_DATE", minArguments: 1, maxArguments: 1, role: .scalar, signature: "TO_DATE(text)"),
            Entry(name: "CURRENT_DATE", minArguments: 0, maxArguments: 0, role: .scalar, signature: "CURRENT_DATE"),
            Entry(
                name: "COUNT", minArguments: 1, maxArguments: 1, role: .aggregate,
                signature: "COUNT(*) | COUNT([DISTINCT] x)"),
            Entry(name: "SUM", minArguments: 1, maxArguments: 1, role: .aggregate, signature: "SUM([DISTINCT] x)"),
            Entry(name: "AVG", minArguments: 1, maxArguments: 1, role: .aggregate, signature: "AVG([DISTINCT] x)"),
            Entry(name: "MIN", minArguments: 1, maxArguments: 1, role: .aggregate, signature: "MIN(x)"),
            Entry(name: "MAX", minArguments: 1, maxArguments: 1, role: .aggregate, signature: "MAX(x)"),
            Entry(
                name: "ROW_NUMBER", minArguments: 0, maxArguments: 0, role: .ranking, signature: "ROW_NUMBER() OVER (…)"
            ),
            Entry(name: "RANK", minArguments: 0, maxArguments: 0, role: .ranking, signature: "RANK() OVER (…)"),
            Entry(
                name: "DENSE_RANK", minArguments: 0, maxArguments: 0, role: .ranking, signature: "DENSE_RANK() OVER (…)"
            ),
            Entry(
                name: "LAG", minArguments: 1, maxArguments: 3, role: .navigation,
                signature: "LAG(x [, offset [, default]]) OVER (…)"),
            Entry(
                name: "LEAD", minArguments: 1, maxArguments: 3, role: .navigation,
                signature: "LEAD(x [, offset [, default]]) OVER (…)"),
            Entry(
                name: "FIRST_VALUE", minArguments: 1, maxArguments: 1, role: .navigation,
                signature: "FIRST_VALUE(x) OVER (…)"),
            Entry(
                name: "LAST_VALUE", minArguments: 1, maxArguments: 1, role: .navigation,
                signature: "LAST_VALUE(x) OVER (…)"),
        ]
        return Dictionary(uniqueKeysWithValues: list.map { ($0.name, $0) })
    }()

    /// Engine-specific functions people reach for, with the portable function to use instead.
    public static let engineSpecific: [String: String] = [
        "STRFTIME": "Use MONTH_OF(d) for 'yyyy-mm', YEAR_OF(d) or DAY_OF_WEEK(d).",
        "JULIANDAY": "Use DATE_DIFF_DAYS(from, to) for a number of days.",
        "DATE": "Use TO_DATE(text), DATE_ADD_DAYS(d, n) or DATE_TRUNC_MONTH(d).",
        "DATETIME": "Use CAST(x AS TIMESTAMP) or TO_DATE(text).",
        "TIME": "Time of day is not in the subset; use TO_DATE(text) for dates.",
        "IFNULL": "Use COALESCE(a, b).",
        "NVL": "Use COALESCE(a, b).",
        "ISNULL": "Use COALESCE(a, b) or x IS NULL.",
        "IIF": "Use CASE WHEN condition THEN a ELSE b END.",
        "IF": "Use CASE WHEN condition THEN a ELSE b END.",
        "GROUP_CONCAT": "String aggregation is not portable; return one row per value and combine them in the report.",
        "STRING_AGG": "String aggregation is not portable; return one row per value and combine them in the report.",
        "LISTAGG": "String aggregation is not portable; return one row per value and combine them in the report.",
        "SUBSTRING": "Use SUBSTR(text, start, length).",
        "LEFT": "Use SUBSTR(text, 1, n).",
        "RIGHT": "Use SUBSTR(text, LENGTH(text) - n + 1).",
        "LEN": "Use LENGTH(text).",
        "CHAR_LENGTH": "Use LENGTH(text).",
        "CEILING": "Use CEIL(x).",
        "TRUNC": "Use FLOOR(x) or CAST(x AS INTEGER) (truncates toward zero on every engine).",
        "NOW": "Use CURRENT_DATE.",
        "GETDATE": "Use CURRENT_DATE.",
        "CURRENT_TIMESTAMP": "Use CURRENT_DATE; the time of day of a build is not portable.",
        "CONCAT": "Use a || b (NULL if any part is NULL; wrap parts in COALESCE(x, '') to skip NULLs).",
        "CONCAT_WS": "Use a || ', ' || b.",
        "DATE_ADD": "Use DATE_ADD_DAYS(date, days).",
        "DATEADD": "Use DATE_ADD_DAYS(date, days).",
        "ADDDATE": "Use DATE_ADD_DAYS(date, days).",
        "DATE_SUB": "Use DATE_ADD_DAYS(date, -days).",
        "DATEDIFF": "Use DATE_DIFF_DAYS(from, to), which is to − from.",
        "DATE_DIFF": "Use DATE_DIFF_DAYS(from, to), which is to − from.",
        "DATE_TRUNC": "Use DATE_TRUNC_MONTH(d).",
        "TRUNC_MONTH": "Use DATE_TRUNC_MONTH(d).",
        "EXTRACT": "Use YEAR_OF(d), MONTH_OF(d) or DAY_OF_WEEK(d).",
        "DATE_PART": "Use YEAR_OF(d), MONTH_OF(d) or DAY_OF_WEEK(d).",
        "YEAR": "Use YEAR_OF(d).",
        "MONTH": "Use MONTH_OF(d), which gives 'yyyy-mm'.",
        "DAYOFWEEK": "Use DAY_OF_WEEK(d) (ISO: 1 = Monday … 7 = Sunday).",
        "WEEKDAY": "Use DAY_OF_WEEK(d) (ISO: 1 = Monday … 7 = Sunday).",
        "TO_CHAR": "Use MONTH_OF(d) or CAST(x AS TEXT).",
        "DATE_FORMAT": "Use MONTH_OF(d) or CAST(x AS TEXT).",
        "FORMAT": "Use CAST(x AS TEXT) and ||.",
        "PRINTF": "Use CAST(x AS TEXT) and ||.",
        "TO_TIMESTAMP": "Use CAST(x AS TIMESTAMP).",
        "GREATEST": "Use CASE WHEN a >= b THEN a ELSE b END (engines differ on NULLs).",
        "LEAST": "Use CASE WHEN a <= b THEN a ELSE b END (engines differ on NULLs).",
        "TOTAL": "Use COALESCE(SUM(x), 0).",
        "INSTR": "Position search is not portable; use LIKE 'pattern%' for tests.",
        "POSITION": "Position search is not portable; use LIKE 'pattern%' for tests.",
        "STRPOS": "Position search is not portable; use LIKE 'pattern%' for tests.",
        "LTRIM": "Use TRIM(text).",
        "RTRIM": "Use TRIM(text).",
        "NTILE": "Use ROW_NUMBER() and INT_DIV.",
        "RANDOM": "Random values make builds irreproducible.",
        "TYPEOF": "Types are in the model's YAML sidecar, not in the SQL.",
        "POWER": "Use repeated multiplication.",
        "SQRT": "Not in the portable catalogue.",
        "MOD": "Use a % b.",
        "DIV": "Use INT_DIV(a, b).",
    ]

    /// Up to three catalogue names close to `name`, for "Did you mean …?".
    public static func suggestions(for name: String) -> [String] {
        let upper = name.uppercased()
        let scored = entries.keys.map { ($0, editDistance($0, upper)) }
            .filter { $0.1 <= max(2, upper.count / 3) || $0.0.hasPrefix(upper) || upper.hasPrefix($0.0) }
            .sorted { ($0.1, $0.0) < ($1.1, $1.0) }
        return scored.prefix(3).map(\.0)
    }
}

/// Levenshtein distance, for "did you mean" hints.
func editDistance(_ a: String, _ b: String) -> Int { EditDistance.between(a, b) }

/// "Did you mean 'a' or 'b'?" or an empty string.
func didYouMean(_ candidates: [String]) -> String {
    switch candidates.count {
    case 0: return ""
    case 1: return "Did you mean '\(candidates[0])'?"
    default:
        return "Did you mean " + candidates.dropLast().map { "'\($0)'" }.joined(separator: ", ")
            + " or '\(candidates.last!)'?"
    }
}
