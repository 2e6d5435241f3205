import CCurl
import Foundation

/// A libcurl easy handle with its error buffer. `reset` sets the options every transfer shares
/// (protocols, timeouts, TLS 1.2+, the CA file that replaces the system roots), so the HTTP and
/// SMTP clients configure them the same way. Verification is never switched off.
final class CurlHandle {
    let raw: UnsafeMutableRawPointer
    /// libcurl writes its detailed error text here; it must live as long as the handle.
    private let errorBuffer: UnsafeMutablePointer<CChar>

    init() {
        CurlGlobal.initialize()
        raw = cmsched_curl_easy_init()
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        cmsched_curl_easy_cleanup(raw)
        errorBuffer.deallocate()
    }

    /// Clears the previous transfer's options (live connections stay, so keep-alive works) and
    /// sets the shared ones; returns the first option libcurl rejected, or `CURLE_OK`.
    func reset(url: String, protocols: String, caFile: String?, connectTimeout: Duration, timeout: Duration) -> CURLcode {
        cmsched_curl_easy_reset(raw)
        errorBuffer[0] = 0
        let codes = [
            cmsched_curl_set_string(raw, CURLOPT_URL, url),
            cmsched_curl_set_string(raw, CURLOPT_PROTOCOLS_STR, protocols),
            cmsched_curl_set_long(raw, CURLOPT_NOSIGNAL, 1),
            cmsched_curl_set_long(raw, CURLOPT_CONNECTTIMEOUT_MS, connectTimeout.milliseconds),
            cmsched_curl_set_long(raw, CURLOPT_TIMEOUT_MS, timeout.milliseconds),
            cmsched_curl_set_long(raw, CURLOPT_SSLVERSION, Int(CURL_SSLVERSION_TLSv1_2)),
            cmsched_curl_set_pointer(raw, CURLOPT_ERRORBUFFER, errorBuffer),
            caFile.map { cmsched_curl_set_string(raw, CURLOPT_CAINFO, $0) } ?? CURLE_OK,
            caFile.map { _ in cmsched_curl_set_pointer(raw, CURLOPT_CAPATH, nil) } ?? CURLE_OK,
        ]
        return codes.first { $0 != CURLE_OK } ?? CURLE_OK
    }

    /// libcurl's detailed message for a failed transfer (or its generic text for `code`).
    func errorText(_ code: CURLcode) -> String {
        errorBuffer[0] != 0 ? String(cString: errorBuffer) : String(cString: cmsched_curl_easy_strerror(code))
    }

    /// A numeric `CURLINFO_…` value of the last transfer.
    func info(_ item: CURLINFO) -> Int {
        var value = 0
        _ = cmsched_curl_get_long(raw, item, &value)
        return value
    }
}
