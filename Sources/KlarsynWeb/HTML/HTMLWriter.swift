/// HTML elements the pages may use. A closed list: a typo is a compile error, not a broken page.
enum Tag: String {
    case html, head, body, title, style, meta, link
    case header, footer, main, nav, section, article, aside, div, span, p, h1, h2, h3, h4
    case a, ul, ol, li, dl, dt, dd, strong, em, small, code, abbr, time, br
    case table, caption, thead, tbody, tr, th, td
    case details, summary, figure, figcaption
    case form, label, select, option, button, input, textarea, fieldset, legend
    // SVG
    case svg, g, line, polyline, rect, circle
    case svgText = "text"
    case desc

    /// Tag name as written.
    var name: String { rawValue }

    /// Void elements have no content and no end tag.
    var isVoid: Bool {
        switch self {
        case .meta, .link, .br, .input: true
        default: false
        }
    }
}

/// One attribute; the value is always escaped when written.
struct Attribute {
    let name: String
    let value: String?

    static func `class`(_ v: String) -> Attribute { Attribute(name: "class", value: v) }
    static func id(_ v: String) -> Attribute { Attribute(name: "id", value: v) }
    static func href(_ v: String) -> Attribute { Attribute(name: "href", value: v) }
    static func lang(_ v: String) -> Attribute { Attribute(name: "lang", value: v) }
    static func role(_ v: String) -> Attribute { Attribute(name: "role", value: v) }
    static func scope(_ v: String) -> Attribute { Attribute(name: "scope", value: v) }
    static func aria(_ name: StaticString, _ v: String) -> Attribute { Attribute(name: "aria-\(name)", value: v) }
    static func data(_ name: StaticString, _ v: String) -> Attribute { Attribute(name: "data-\(name)", value: v) }
    static func `for`(_ v: String) -> Attribute { Attribute(name: "for", value: v) }
    static func name(_ v: String) -> Attribute { Attribute(name: "name", value: v) }
    static func value(_ v: String) -> Attribute { Attribute(name: "value", value: v) }
    static func type(_ v: String) -> Attribute { Attribute(name: "type", value: v) }
    static func method(_ v: String) -> Attribute { Attribute(name: "method", value: v) }
    static func action(_ v: String) -> Attribute { Attribute(name: "action", value: v) }
    static func datetime(_ v: String) -> Attribute { Attribute(name: "datetime", value: v) }
    static func titleText(_ v: String) -> Attribute { Attribute(name: "title", value: v) }
    static var selected: Attribute { Attribute(name: "selected", value: nil) }
    static var open: Attribute { Attribute(name: "open", value: nil) }
    static var required: Attribute { Attribute(name: "required", value: nil) }
    /// Any other attribute; the name must be a literal so that it is checked by review, not built from data.
    static func attr(_ name: StaticString, _ v: String) -> Attribute { Attribute(name: "\(name)", value: v) }
}

/// Writes HTML with every text and attribute value escaped. Pages are Swift functions that
/// call it, so their structure is checked by the compiler (decision 0051).
///
/// ```swift
/// var w = HTMLWriter()
/// w.element(.p, .class("note")) { $0.text("5 < 6 & more") }
/// w.output  // <p class="note">5 &lt; 6 &amp; more</p>
/// ```
struct HTMLWriter {
    private(set) var output = ""

    init() { output.reserveCapacity(32 * 1024) }

    /// Escaped text.
    mutating func text(_ s: String) { output += Self.escape(s) }

    /// An element with content.
    mutating func element(_ tag: Tag, _ attributes: Attribute..., content: (inout HTMLWriter) -> Void = { _ in }) {
        element(tag, attributes: attributes, content: content)
    }

    /// An element with content and an attribute list.
    mutating func element(_ tag: Tag, attributes: [Attribute], content: (inout HTMLWriter) -> Void = { _ in }) {
        output += "<" + tag.name
        for a in attributes {
            output += " " + a.name
            if let v = a.value { output += "=\"" + Self.escape(v) + "\"" }
        }
        output += ">"
        if tag.isVoid { return }
        content(&self)
        output += "</" + tag.name + ">"
    }

    /// An element holding only text.
    mutating func element(_ tag: Tag, _ attributes: Attribute..., text: String) {
        element(tag, attributes: attributes) { $0.text(text) }
    }

    /// An SVG document drawn by Klarsyn's own renderers, which escape every text they write
    /// (e.g. `ScenarioCalendarSVG`). Never pass data from a request or a file here.
    mutating func renderedSVG(_ svg: String) {
        guard svg.hasPrefix("<svg") else { return }
        output += svg
    }

    /// Markup that is part of the program (a literal), never data.
    mutating func trusted(_ s: StaticString) { output += "\(s)" }

    /// Escapes `&`, `<`, `>`, `"` and `'`.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
