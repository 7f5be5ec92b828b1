/// A lexical token with the location of its first character.
struct Token: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// An unquoted word: keyword or identifier, as written.
        case word(String)
        /// A `"double quoted"` identifier, unescaped.
        case quoted(String)
        /// A `'string'` literal, unescaped.
        case string(String)
        case integer(String)
        case decimal(String)
        /// Punctuation and operators: `( ) , . ; * + - / % = <> != < <= > >= ||`.
        case symbol(String)
        case end
    }
    var kind: Kind
    var location: SQLSourceLocation

    /// How the token is named in "unexpected …" messages.
    var display: String {
        switch kind {
        case .word(let w): return Keywords.reserved.contains(w.uppercased()) ? w.uppercased() : "'\(w)'"
        case .quoted(let q): return "\"\(q)\""
        case .string(let s): return "string '\(s.count > 20 ? String(s.prefix(20)) + "…" : s)'"
        case .integer(let n), .decimal(let n): return "number \(n)"
        case .symbol(let s): return "'\(s)'"
        case .end: return "end of input"
        }
    }
}

enum Keywords {
    /// Words that cannot be used as bare identifiers or implicit aliases.
    static let reserved: Set<String> = [
        "ALL", "AND", "AS", "ASC", "BETWEEN", "BY", "CASE", "CAST", "CROSS", "CURRENT_DATE", "DESC", "DISTINCT",
        "ELSE", "END", "ESCAPE", "EXCEPT", "EXISTS", "FALSE", "FETCH", "FILTER", "FROM", "FULL", "GLOB", "GROUP",
        "HAVING", "ILIKE", "IN", "INNER", "INTERSECT", "INTO", "IS", "JOIN", "LEFT", "LIKE", "LIMIT", "MATCH",
        "NATURAL", "NOT", "NULL", "NULLS", "OFFSET", "ON", "OR", "ORDER", "OUTER", "OVER", "PARTITION", "REGEXP",
        "RIGHT", "RLIKE", "ROWS", "RANGE", "GROUPS", "SELECT", "SIMILAR", "THEN", "TRUE", "UNION", "USING",
        "VALUES", "WHEN", "WHERE", "WINDOW", "WITH",
    ]
}

/// Splits SQL text into tokens, rejecting quoting and operators outside the subset early so
/// that the error points at the exact character.
struct Lexer {
    private let scalars: [Unicode.Scalar]
    private let file: String?
    private var index = 0
    private var line = 1
    private var column = 1

    init(_ text: String, file: String?) {
        self.scalars = Array(text.unicodeScalars)
        self.file = file
    }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let i = index + offset
        return i < scalars.count ? scalars[i] : nil
    }

    private mutating func advance() {
        if scalars[index] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += 1
    }

    private var here: SQLSourceLocation { SQLSourceLocation(line: line, column: column) }

    private func error(_ code: String, _ message: String, _ at: SQLSourceLocation, _ hint: String) -> SQLError {
        SQLError(code: code, message: message, location: at, file: file, hint: hint)
    }

    static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c.properties.isAlphabetic
    }

    static func isIdentifierPart(_ c: Unicode.Scalar) -> Bool {
        isIdentifierStart(c) || ("0"..."9").contains(c)
    }

    private static func isDigit(_ c: Unicode.Scalar?) -> Bool {
        guard let c else { return false }
        return ("0"..."9").contains(c)
    }

    mutating func tokenize() throws(SQLError) -> [Token] {
        var tokens: [Token] = []
        while let c = peek() {
            let start = here
            if c == " " || c == "\t" || c == "\n" || c == "\r" {
                advance()
            } else if c == "-" && peek(1) == "-" {
                while let d = peek(), d != "\n" { advance() }
            } else if c == "/" && peek(1) == "*" {
                advance()
                advance()
                while true {
                    guard let d = peek() else {
                        throw error(
                            SQLErrorCode.unterminatedQuote, "This /* comment is never closed.", start,
                            "End it with */ (block comments do not nest).")
                    }
                    if d == "*" && peek(1) == "/" {
                        advance()
                        advance()
                        break
                    }
                    advance()
                }
            } else if c == "'" {
                tokens.append(Token(kind: .string(try quoted(by: "'", start: start)), location: start))
            } else if c == "\"" {
                let name = try quoted(by: "\"", start: start)
                if name.isEmpty {
                    throw error(
                        SQLErrorCode.unexpectedCharacter, "An identifier cannot be empty (\"\").", start,
                        "Write a name between the double quotes.")
                }
                tokens.append(Token(kind: .quoted(name), location: start))
            } else if c == "`" || c == "[" {
                throw error(
                    SQLErrorCode.nonStandardQuoting,
                    c == "`"
                        ? "Backtick quoting is MySQL/Spark syntax and not in Klarsyn's portable subset."
                        : "[Bracket] quoting is SQL Server syntax and not in Klarsyn's portable subset.",
                    start,
                    "Quote identifiers with \"double quotes\"; Klarsyn renders the right quoting for each engine.")
            } else if Lexer.isIdentifierStart(c) {
                var word = ""
                while let d = peek(), Lexer.isIdentifierPart(d) {
                    word.unicodeScalars.append(d)
                    advance()
                }
                tokens.append(Token(kind: .word(word), location: start))
            } else if Lexer.isDigit(c) || (c == "." && Lexer.isDigit(peek(1))) {
                tokens.append(try number(start: start))
            } else {
                tokens.append(Token(kind: .symbol(try symbol(c, start: start)), location: start))
            }
        }
        tokens.append(Token(kind: .end, location: here))
        return tokens
    }

    private mutating func quoted(by q: Unicode.Scalar, start: SQLSourceLocation) throws(SQLError) -> String {
        advance()
        var text = ""
        while true {
            guard let d = peek() else {
                if q == "'" {
                    throw error(
                        SQLErrorCode.unterminatedString, "This string is never closed.", start,
                        "End it with ' (write '' for a quote inside the string).")
                }
                throw error(
                    SQLErrorCode.unterminatedQuote, "This quoted identifier is never closed.", start,
                    "End it with \" (write \"\" for a quote inside the name).")
            }
            advance()
            if d == q {
                if peek() == q {
                    advance()
                    text.unicodeScalars.append(q)
                } else {
                    return text
                }
            } else {
                text.unicodeScalars.append(d)
            }
        }
    }

    private mutating func number(start: SQLSourceLocation) throws(SQLError) -> Token {
        var text = ""
        var isDecimal = false
        while Lexer.isDigit(peek()) {
            text.unicodeScalars.append(peek()!)
            advance()
        }
        if peek() == ".", Lexer.isDigit(peek(1)) || !text.isEmpty {
            isDecimal = true
            text += "."
            advance()
            while Lexer.isDigit(peek()) {
                text.unicodeScalars.append(peek()!)
                advance()
            }
        }
        if let e = peek(), e == "e" || e == "E",
            Lexer.isDigit(peek(1)) || ((peek(1) == "+" || peek(1) == "-") && Lexer.isDigit(peek(2)))
        {
            isDecimal = true
            text += "e"
            advance()
            if let s = peek(), s == "+" || s == "-" {
                text.unicodeScalars.append(s)
                advance()
            }
            while Lexer.isDigit(peek()) {
                text.unicodeScalars.append(peek()!)
                advance()
            }
        }
        if let d = peek(), Lexer.isIdentifierStart(d) {
            throw error(
                SQLErrorCode.unexpectedCharacter, "A number cannot run into a name ('\(text)\(Character(d))').", here,
                "Separate them with a space; hexadecimal literals such as 0x1F are not in the subset.")
        }
        if text.hasPrefix(".") { text = "0" + text }
        if text.hasSuffix(".") { text += "0" }
        return Token(kind: isDecimal ? .decimal(text) : .integer(text), location: start)
    }

    private mutating func symbol(_ c: Unicode.Scalar, start: SQLSourceLocation) throws(SQLError) -> String {
        let next = peek(1)
        func take(_ n: Int, _ s: String) -> String {
            for _ in 0..<n { advance() }
            return s
        }
        switch c {
        case "(", ")", ",", ".", ";", "*", "+", "-", "/", "%":
            return take(1, String(c))
        case "=":
            if next == "=" {
                throw error(SQLErrorCode.doubleEquals, "'==' is SQLite-only.", start, "Use = for equality.")
            }
            return take(1, "=")
        case "<":
            if next == "=" { return take(2, "<=") }
            if next == ">" { return take(2, "<>") }
            if next == "<" { break }
            return take(1, "<")
        case ">":
            if next == "=" { return take(2, ">=") }
            if next == ">" { break }
            return take(1, ">")
        case "!":
            if next == "=" { return take(2, "<>") }
        case "|":
            if next == "|" { return take(2, "||") }
        case ":":
            if next == ":" {
                throw error(
                    SQLErrorCode.castOperator, "The '::' cast is PostgreSQL-only.", start, "Use CAST(x AS type).")
            }
            throw error(
                SQLErrorCode.parameter, "Bind parameters are not allowed in a model.", start,
                "Models are plain SELECTs; put parameters in a definition file.")
        case "?", "$", "@":
            throw error(
                SQLErrorCode.parameter, "Bind parameters are not allowed in a model.", start,
                "Models are plain SELECTs; put parameters in a definition file.")
        default:
            break
        }
        throw error(
            SQLErrorCode.unexpectedCharacter, "Unexpected character '\(Character(c))'.", start,
            "The subset has no bitwise operators; comments start with -- or /*.")
    }
}
