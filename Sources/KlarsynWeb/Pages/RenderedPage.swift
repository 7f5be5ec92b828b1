import Foundation
import Hummingbird

/// A page rendered once and served many times: its bytes split at the parts that belong to one
/// request — the signed-in user's name and the CSRF token — which are filled in per response
/// (decision 0144).
///
/// The page is rendered with two marker texts in place of the user's name and the token; the
/// result is cut at every marker into byte segments. Serving writes the segments with the
/// escaped real values between them into one `ByteBuffer`. Because ``HTMLWriter/escape(_:)``
/// escapes character by character, escaping the marker inside a longer text and then splicing
/// the escaped value gives the same bytes as rendering the value itself: the page a user gets is
/// byte for byte the page ``ReportPage/render(_:)`` would have written for them.
struct RenderedPage: Sendable {
    /// A per-request part of the page.
    enum Slot: Sendable, Equatable {
        /// The signed-in user's display name (escaped when spliced in).
        case userName
        /// The CSRF token of the page's forms.
        case csrfToken
    }

    /// The fixed bytes; `segments.count == slots.count + 1`.
    let segments: [[UInt8]]
    /// The slot after each segment but the last.
    let slots: [Slot]
    /// Total bytes of the fixed parts (to size the response buffer).
    let fixedBytes: Int

    /// Markers used while rendering: random per process, letters and digits only (escaping leaves
    /// them unchanged), so no stored text can contain them by accident.
    static let userNameMarker = "klarsynslotname" + Self.randomHex()
    static let csrfMarker = "klarsynslotcsrf" + Self.randomHex()

    private static func randomHex() -> String {
        var g = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(g.next() as UInt64, radix: 16) }.joined()
    }

    /// Renders `render` for a reader with `user`'s role and scope, with markers for the per-request
    /// parts, and cuts the result into segments.
    static func render(for user: User?, _ render: () -> String) -> RenderedPage {
        var marked = user
        marked?.displayName = userNameMarker
        let html = PageChrome.$current.withValue(PageChrome(user: marked, csrfToken: csrfMarker)) { render() }
        return split(html)
    }

    /// Cuts `html` at every marker.
    static func split(_ html: String) -> RenderedPage {
        let bytes = Array(html.utf8)
        let markers: [(Slot, [UInt8])] = [
            (.userName, Array(userNameMarker.utf8)), (.csrfToken, Array(csrfMarker.utf8)),
        ]
        // Both markers start with the same 11 bytes ("klarsynslot"); look for that, then which one.
        let common = Array("klarsynslot".utf8)
        var segments: [[UInt8]] = []
        var slots: [Slot] = []
        var start = 0
        var i = 0
        let n = bytes.count
        scan: while i + common.count <= n {
            if bytes[i] == common[0], bytes[i..<(i + common.count)].elementsEqual(common) {
                for (slot, marker) in markers
                where i + marker.count <= n && bytes[i..<(i + marker.count)].elementsEqual(marker) {
                    segments.append(Array(bytes[start..<i]))
                    slots.append(slot)
                    i += marker.count
                    start = i
                    continue scan
                }
            }
            i += 1
        }
        segments.append(Array(bytes[start..<n]))
        return RenderedPage(segments: segments, slots: slots, fixedBytes: segments.reduce(0) { $0 + $1.count })
    }

    /// The page for one request: the segments with the escaped name and token between them.
    func body(userName: String, csrfToken: String) -> ByteBuffer {
        let name = Array(HTMLWriter.escape(userName).utf8)
        let token = Array(HTMLWriter.escape(csrfToken).utf8)
        var buffer = ByteBuffer()
        buffer.reserveCapacity(fixedBytes + slots.count * max(name.count, token.count))
        for (i, segment) in segments.enumerated() {
            buffer.writeBytes(segment)
            if i < slots.count {
                switch slots[i] {
                case .userName: buffer.writeBytes(name)
                case .csrfToken: buffer.writeBytes(token)
                }
            }
        }
        return buffer
    }

    /// The page for the request whose chrome is set (``PageChrome/current``).
    func body(for chrome: PageChrome) -> ByteBuffer {
        body(userName: chrome.user?.displayName ?? "", csrfToken: chrome.csrfToken)
    }
}

extension HTMLResponse {
    /// A page from a ``RenderedPage``'s bytes, with the same headers as ``page(_:status:language:)``.
    static func page(_ body: ByteBuffer, status: HTTPResponse.Status = .ok, language: Language? = nil) -> Response {
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
        if let language { headers[.setCookie] = "klarsyn_lang=\(language.rawValue); Path=/; SameSite=Lax; HttpOnly" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }
}
