import Crypto
import Foundation
import SchedulerKit
import X509

/// How the operations pages write times, spans and states.
enum OpsText {
    /// `2026-12-07 10:15:03 +01:00`: a time in the viewer's zone with its offset then (`UTC` for UTC).
    static func time(_ date: Date, _ zone: TimeZone) -> String {
        let local = LocalDateTime(date, in: zone)
        let clock = [local.hour, local.minute, local.second].map(twoDigits).joined(separator: ":")
        let offset = zone.secondsFromGMT(for: date)
        let name = offset == 0 && ["UTC", "GMT"].contains(zone.identifier)
            ? "UTC" : (offset < 0 ? "-" : "+") + twoDigits(abs(offset) / 3_600) + ":" + twoDigits(abs(offset) % 3_600 / 60)
        return "\(local.dateText) \(clock) \(name)"
    }

    static func twoDigits(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }

    /// An RFC 3339 time as `time` writes it; the text itself when it is not one.
    static func time(_ text: String, _ zone: TimeZone) -> String {
        RFC3339.parse(text).map { time($0, zone) } ?? text
    }

    /// `2 d 3 h`, `3 h 12 min`, `45 s`.
    static func span(_ seconds: TimeInterval) -> String {
        let total = max(0, Int(seconds))
        let (days, hours, minutes) = (total / 86_400, total % 86_400 / 3_600, total % 3_600 / 60)
        if days > 0 { return hours == 0 ? "\(days) d" : "\(days) d \(hours) h" }
        if hours > 0 { return "\(hours) h \(minutes) min" }
        if minutes > 0 { return "\(minutes) min" }
        return "\(total) s"
    }

    static func milliseconds(_ ms: Double) -> String {
        ms < 10 ? String(format: "%.1f ms", ms) : "\(Int(ms.rounded())) ms"
    }

    /// A part's state in words (never colour alone).
    static func words(_ state: PartStatus.State) -> String {
        switch state {
        case .ok: "OK"
        case .warning: "WARNING"
        case .notConfigured: "NOT CONFIGURED"
        case .skipped: "SKIPPED"
        case .error: "ERROR"
        }
    }

    /// 16 hex digits of SHA-256: a version to compare, not a secret.
    static func digest(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
    }
}

/// The certificates serve is configured with, and their expiry, for the overview.
enum OpsCertificates {
    /// The files that hold certificates: serve's own (HTTPS, C2W) and the trust bundles.
    static let keys: [ConfigKey] = [.httpsCert, .c2wCert, .c2wTrust, .callBridgeCAFile, .emailTrust, .storeCAFile]
    /// The most certificates shown per file (a bundle may hold hundreds).
    static let perFile = 20

    /// One certificate of a configured file, or why the file could not be read (`notAfter` nil).
    struct Entry: Sendable {
        var key: String
        var subject: String
        var notAfter: Date?
    }

    /// The configured files' certificates, read and parsed (a page shows them from `RecentValue`,
    /// not by reading every file at each drawing).
    static func read(_ settings: Settings) -> [Entry] {
        keys.flatMap { key -> [Entry] in
            guard let path = settings[key] else { return [] }
            let certificates: [Certificate]
            do {
                certificates = try CertificateCheck.certificates(path, for: key.rawValue)
            } catch {
                return [Entry(key: key.rawValue, subject: CmschedError.wrapping(error)?.message ?? "\(error)", notAfter: nil)]
            }
            return certificates.prefix(perFile).enumerated().map { index, certificate in
                Entry(
                    key: certificates.count > 1 ? "\(key.rawValue) #\(index + 1)" : key.rawValue, subject: certificate.subject.description,
                    notAfter: certificate.notValidAfter)
            }
        }
    }

    static func rows(_ entries: [Entry], now: Date, zone: TimeZone) -> [OpsPages.Overview.CertificateRow] {
        entries.map { entry in
            guard let notAfter = entry.notAfter else {
                return .init(key: entry.key, subject: entry.subject, expires: "-", stateClass: "error", stateText: "UNREADABLE")
            }
            let days = Int(notAfter.timeIntervalSince(now) / 86_400)
            let (stateClass, stateText) =
                notAfter <= now ? ("error", "EXPIRED")
                : days < CertificateCheck.warningDays ? ("warning", "EXPIRES IN \(days) DAYS") : ("ok", "OK, \(days) days left")
            return .init(key: entry.key, subject: entry.subject, expires: OpsText.time(notAfter, zone), stateClass: stateClass, stateText: stateText)
        }
    }
}
