import Hummingbird
import Logging

/// Turns errors into pages on purpose: unknown report or unit → 404, malformed input → 400,
/// an unbuilt warehouse → 503, anything else → a generic 500 page with the request id, and the
/// error in the log (never on the page).
struct ErrorPageMiddleware<Context: RequestContext>: RouterMiddleware {
    let defaultLanguage: Language

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let language = LanguageChoice.resolve(request, default: defaultLanguage)
        do {
            return try await next(request, context)
        } catch let error as PageError {
            switch error {
            case .notFound(let text):
                return HTMLResponse.page(
                    OtherPages.message(
                        MessagePageView(
                            language: language, title: UIText.notFoundTitle.text(language), message: text.text(language)
                        )), status: .notFound)
            case .badRequest(let text):
                return HTMLResponse.page(
                    OtherPages.message(
                        MessagePageView(
                            language: language, title: UIText.badRequestTitle.text(language),
                            message: text.text(language))), status: .badRequest)
            case .notBuilt:
                return HTMLResponse.page(
                    OtherPages.message(
                        MessagePageView(
                            language: language, title: UIText.warehouseNotBuilt.text(language),
                            message: UIText.warehouseNotBuiltBody.text(language))), status: .serviceUnavailable)
            }
        } catch let error as HTTPError where error.status == .notFound {
            return HTMLResponse.page(
                OtherPages.message(
                    MessagePageView(
                        language: language, title: UIText.notFoundTitle.text(language),
                        message: UIText.notFoundBody.text(language))), status: .notFound)
        } catch {
            // The error goes to the log with the request id; the page shows only the id.
            context.logger.error(
                "request failed",
                metadata: [
                    "error.type": "\(type(of: error))", "error": "\(String(reflecting: error))",
                    "path": "\(request.uri.path)",
                ])
            return HTMLResponse.page(
                OtherPages.message(
                    MessagePageView(
                        language: language, title: UIText.errorTitle.text(language),
                        message: UIText.errorBody(requestID: context.id).text(language))), status: .internalServerError)
        }
    }
}

/// Headers every response carries: no framing, no sniffing, no referrer to other sites, no scripts.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] =
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        // `same-origin`, not `no-referrer`: with `no-referrer` browsers send `Origin: null` on form
        // posts, and the POST handlers could not tell their own forms from foreign ones.
        response.headers[.init("Referrer-Policy")!] = "same-origin"
        return response
    }
}

/// The page language: `?lang=`, then the `klarsyn_lang` cookie, then the server default.
enum LanguageChoice {
    static func resolve(_ request: Request, default fallback: Language) -> Language {
        if let q = request.uri.queryParameters.get("lang"), let l = Language(rawValue: q) { return l }
        // Parsing the cookies is most of this function's cost; most requests carry no language cookie.
        if request.headers[values: .cookie].contains(where: { $0.contains("klarsyn_lang=") }),
            let c = request.cookies["klarsyn_lang"]?.value, let l = Language(rawValue: c)
        {
            return l
        }
        return fallback
    }
}

/// HTML and CSS responses.
enum HTMLResponse {
    static func page(_ html: String, status: HTTPResponse.Status = .ok, language: Language? = nil) -> Response {
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
        if let language { headers[.setCookie] = "klarsyn_lang=\(language.rawValue); Path=/; SameSite=Lax; HttpOnly" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
