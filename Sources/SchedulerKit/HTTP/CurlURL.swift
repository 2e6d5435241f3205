import CCurl

/// A URL as libcurl reads it (its own parser, `curl_url`): what cmsched checks about a URL (the
/// scheme and host credentials may go to, the parts a setting may have) is then what libcurl will
/// connect to. And no ICU: Foundation's URLComponents ran the host through IDNA on every request.
struct CurlURL: Sendable, Equatable {
    /// Lower case, as libcurl stores it.
    var scheme: String
    /// An IPv6 address keeps its brackets.
    var host: String
    /// `/` when the URL has none.
    var path: String
    var query: String?
    var user: String?

    /// Nil when libcurl refuses `text` as an absolute URL of a scheme it supports.
    init?(_ text: String) {
        CurlGlobal.initialize()
        guard let handle = cmsched_curl_url() else { return nil }
        defer { cmsched_curl_url_cleanup(handle) }
        guard cmsched_curl_url_set(handle, CURLUPART_URL, text, 0) == CURLUE_OK else { return nil }
        func part(_ which: CURLUPart) -> String? {
            var value: UnsafeMutablePointer<CChar>?
            guard cmsched_curl_url_get(handle, which, &value, 0) == CURLUE_OK, let value else { return nil }
            defer { cmsched_curl_free(value) }
            return String(cString: value)
        }
        guard let scheme = part(CURLUPART_SCHEME), let host = part(CURLUPART_HOST), !host.isEmpty else { return nil }
        self.scheme = scheme.lowercased()
        self.host = host
        path = part(CURLUPART_PATH) ?? "/"
        query = part(CURLUPART_QUERY)
        user = part(CURLUPART_USER)
    }
}
