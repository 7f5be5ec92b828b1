import Foundation
import KlarsynCore

/// A value in a policy file: the small part of TOML that policy files use.
enum PolicyValue: Equatable, Sendable {
    case string(String)
    case integer(Int)
    case boolean(Bool)
    case date(CalendarDay)

    /// The TOML type name, for messages.
    var typeName: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .boolean: "boolean"
        case .date: "date"
        }
    }
}

/// One `key = value` line, with the line it stood on.
struct PolicyEntry: Equatable, Sendable {
    let value: PolicyValue
    let line: Int
}

/// A table of entries: the top level, or one `[[name]]` element.
struct PolicyTable: Sendable {
    /// The line of the `[[name]]` header (0 for the top level).
    let line: Int
    var entries: [String: PolicyEntry] = [:]
    /// Keys in file order, for checks that report the first unknown key.
    var order: [String] = []
}

/// A parsed policy document: top-level keys and arrays of tables (`[[rules]]`).
struct PolicyDocument: Sendable {
    var top = PolicyTable(line: 0)
    var arrays: [String: [PolicyTable]] = [:]
}

/// Parses the TOML subset of policy files, with line numbers for every key.
///
/// Supported: comments, `key = value` with basic strings (`"…"`, with `\"`, `\\`, `\n`, `\t`,
/// `\uXXXX` escapes), multi-line basic strings (`"""…"""`), integers, booleans, local dates
/// (`2026-12-01`), and arrays of tables (`[[rules]]`). Anything else is refused with the line,
/// so a policy never means something other than what its reviewer read (decision 0090).
enum PolicyTOMLParser {
    /// Parses `text`; errors name `file` and the line.
    static func parse(_ text: String, file: String) throws(PolicyError) -> PolicyDocument {
        var document = PolicyDocument()
        var currentArray: String?
        // "\r\n" is one Character in Swift, so split on both forms.
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }.map(String.init)
        var index = 0
        while index < lines.count {
            let lineNumber = index + 1
            let raw = lines[index]
            index += 1
            let line = stripComment(raw).trimmingSpaces()
            if line.isEmpty { continue }
            if line.hasPrefix("[[") {
                guard line.hasSuffix("]]") else {
                    throw .syntax(file: file, line: lineNumber, message: "a table header must end with ']]'")
                }
                let name = String(line.dropFirst(2).dropLast(2)).trimmingSpaces()
                guard isBareKey(name) else {
                    throw .syntax(file: file, line: lineNumber, message: "'\(name)' is not a valid table name")
                }
                document.arrays[name, default: []].append(PolicyTable(line: lineNumber))
                currentArray = name
                continue
            }
            if line.hasPrefix("[") {
                throw .syntax(
                    file: file, line: lineNumber,
                    message:
                        "plain tables ('[name]') are not used in policy files; use top-level keys or '[[changelog]]' / '[[rules]]'"
                )
            }
            guard let equals = line.firstIndex(of: "=") else {
                throw .syntax(
                    file: file, line: lineNumber, message: "expected 'key = value', a '[[table]]' header or a comment")
            }
            let key = String(line[..<equals]).trimmingSpaces()
            guard isBareKey(key) else {
                throw .syntax(
                    file: file, line: lineNumber,
                    message: "'\(key)' is not a valid key (letters, digits, '_' and '-' only)")
            }
            var valueText = String(line[line.index(after: equals)...]).trimmingSpaces()
            let value: PolicyValue
            if valueText.hasPrefix("\"\"\"") {
                // Multi-line basic string: collect lines until the closing quotes.
                var body = String(valueText.dropFirst(3))
                var closed = false
                var collected: [String] = []
                // A newline right after the opening quotes is trimmed, as in TOML.
                var first = true
                while true {
                    if let end = body.range(of: "\"\"\"") {
                        let rest = String(body[end.upperBound...])
                        guard stripComment(rest).trimmingSpaces().isEmpty else {
                            throw .syntax(
                                file: file, line: index, message: "unexpected text after the closing '\"\"\"'")
                        }
                        let part = String(body[..<end.lowerBound])
                        if !(first && part.isEmpty) || !collected.isEmpty { collected.append(part) }
                        closed = true
                        break
                    }
                    if !(first && body.isEmpty) { collected.append(body) }
                    first = false
                    guard index < lines.count else { break }
                    body = lines[index]
                    index += 1
                }
                guard closed else {
                    throw .syntax(
                        file: file, line: lineNumber, message: "the multi-line string is not closed with '\"\"\"'")
                }
                value = .string(try unescape(collected.joined(separator: "\n"), file: file, line: lineNumber))
            } else if valueText.hasPrefix("\"") {
                valueText.removeFirst()
                guard let close = closingQuote(in: valueText) else {
                    throw .syntax(file: file, line: lineNumber, message: "the string is not closed with '\"'")
                }
                let rest = String(valueText[valueText.index(after: close)...]).trimmingSpaces()
                guard rest.isEmpty else {
                    throw .syntax(file: file, line: lineNumber, message: "unexpected text after the string: '\(rest)'")
                }
                value = .string(try unescape(String(valueText[..<close]), file: file, line: lineNumber))
            } else if valueText == "true" || valueText == "false" {
                value = .boolean(valueText == "true")
            } else if let number = Int(valueText.replacingUnderscores()) {
                value = .integer(number)
            } else if valueText.count == 10, let day = CalendarDay(iso: valueText) {
                value = .date(day)
            } else {
                throw .syntax(
                    file: file, line: lineNumber,
                    message:
                        "the value of '\(key)' must be a \"string\", an integer, true/false or a date like 2026-12-01; found '\(valueText)'"
                )
            }
            if let name = currentArray {
                var tables = document.arrays[name]!
                try add(key, value, line: lineNumber, to: &tables[tables.count - 1], file: file)
                document.arrays[name] = tables
            } else {
                try add(key, value, line: lineNumber, to: &document.top, file: file)
            }
        }
        return document
    }

    private static func add(
        _ key: String, _ value: PolicyValue, line: Int, to table: inout PolicyTable, file: String
    ) throws(PolicyError) {
        if let earlier = table.entries[key] {
            throw .syntax(file: file, line: line, message: "'\(key)' is set twice (first on line \(earlier.line))")
        }
        table.entries[key] = PolicyEntry(value: value, line: line)
        table.order.append(key)
    }

    /// The text before a `#` that is not inside a string.
    static func stripComment(_ line: String) -> String {
        var inString = false
        var escaped = false
        for (offset, c) in line.enumerated() {
            if escaped {
                escaped = false
                continue
            }
            if c == "\\" && inString {
                escaped = true
            } else if c == "\"" {
                inString.toggle()
            } else if c == "#" && !inString {
                return String(line.prefix(offset))
            }
        }
        return line
    }

    private static func closingQuote(in text: String) -> String.Index? {
        var escaped = false
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if escaped {
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "\"" {
                return i
            }
            i = text.index(after: i)
        }
        return nil
    }

    private static func unescape(_ text: String, file: String, line: Int) throws(PolicyError) -> String {
        guard text.contains("\\") else { return text }
        var out = ""
        var iterator = text.makeIterator()
        while let c = iterator.next() {
            guard c == "\\" else {
                out.append(c)
                continue
            }
            switch iterator.next() {
            case "\"": out.append("\"")
            case "\\": out.append("\\")
            case "n": out.append("\n")
            case "t": out.append("\t")
            case "u":
                var hex = ""
                for _ in 0..<4 { if let h = iterator.next() { hex.append(h) } }
                guard let v = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(v) else {
                    throw .syntax(file: file, line: line, message: "'\\u\(hex)' is not a valid \\uXXXX escape")
                }
                out.unicodeScalars.append(scalar)
            case let other:
                throw .syntax(
                    file: file, line: line,
                    message:
                        "'\\\(other.map(String.init) ?? "")' is not an escape policy files allow (\\\" \\\\ \\n \\t \\uXXXX)"
                )
            }
        }
        return out
    }

    private static func isBareKey(_ key: String) -> Bool {
        !key.isEmpty && key.unicodeScalars.allSatisfy { $0.isASCIIAlphanumeric || $0 == "_" || $0 == "-" }
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIIAlphanumeric: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self)
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }

    fileprivate func replacingUnderscores() -> String {
        // TOML allows 1_000; a lone sign or underscores at the ends are not numbers.
        guard !hasPrefix("_"), !hasSuffix("_") else { return self }
        return String(filter { $0 != "_" })
    }
}
