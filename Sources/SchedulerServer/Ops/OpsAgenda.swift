import Foundation
import Mustache
import SchedulerKit

/// The agenda (a week, Monday to Sunday, in the viewer's zone) and a meeting's page.
extension OpsPages {
    struct AgendaPage {
        // A week draws hundreds of these: their fields are named here rather than found by Mirror
        // at every use in the template (bench/ops-pages).
        struct Block: MustacheParent {
            var slot, height: Int
            var cancelled, continues: Bool
            var meetingId, from, to, name: String

            func child(named: String) -> Any? {
                switch named {
                case "slot": slot
                case "height": height
                case "cancelled": cancelled
                case "continues": continues
                case "meetingId": meetingId
                case "from": from
                case "to": to
                case "name": name
                default: nil
                }
            }
        }
        struct Day { var date, title: String; var today: Bool; var blocks: [Block] }
        var chrome: Chrome
        var weekTitle, week, previousWeek, nextWeek, thisWeek, organizerQuery, timeZone, organizer: String
        var zoneDefault: Bool
        var zones: [String]
        var count, cancelledCount, limit: Int
        var hasCancelled, truncated: Bool
        var hours: [String]
        var days: [Day]
    }

    private static let dayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    private static let zoneNames = TimeZone.knownTimeZoneIdentifiers.sorted()

    /// The Monday of the week holding `day`.
    static func monday(of day: LocalDateTime) -> LocalDateTime {
        LocalDateTime(year: day.year, month: day.month, day: day.day).addingDays(1 - day.isoWeekday)
    }

    /// The week starting `monday` in `zone`: only that week's occurrences are read.
    func agenda(_ user: OpsUser, zone: TimeZone, zoneDefault: Bool, week monday: LocalDateTime, organizer: String?) async throws -> String {
        let from = monday.instant(in: zone), until = monday.addingDays(7).instant(in: zone)
        let agenda = try await scheduler.agenda(from: from, until: until, organizer: organizer, max: Self.agendaLimit)
        let today = LocalDateTime(scheduler.environment.now(), in: zone)
        var days: [AgendaPage.Day] = (0..<7).map { index in
            let day = monday.addingDays(index)
            return AgendaPage.Day(
                date: day.dateText, title: "\(Self.dayNames[index]) \(day.day).\(day.month).",
                today: (day.year, day.month, day.day) == (today.year, today.month, today.day), blocks: [])
        }
        let starts = (0...7).map { monday.addingDays($0).instant(in: zone) }
        for (occurrence, cancelled) in agenda.occurrences.map({ ($0, false) }) + agenda.cancelled.map({ ($0, true) }) {
            for index in 0..<7 where occurrence.start < starts[index + 1] && occurrence.end > starts[index] {
                // The part of the occurrence on this day, placed by its wall-clock times in 15-minute slots.
                let begin = max(occurrence.start, starts[index]), finish = min(occurrence.end, starts[index + 1])
                let local = LocalDateTime(begin, in: zone)
                let slot = min(95, (local.hour * 60 + local.minute) / 15)
                let minutes = Int(finish.timeIntervalSince(begin) / 60)
                days[index].blocks.append(AgendaPage.Block(
                    slot: slot, height: max(1, min(96 - slot, (minutes + 14) / 15)), cancelled: cancelled,
                    continues: occurrence.start < starts[index], meetingId: occurrence.meetingId,
                    from: Self.clock(occurrence.start, zone), to: Self.clock(occurrence.end, zone), name: occurrence.name))
            }
        }
        for index in days.indices { days[index].blocks.sort { ($0.slot, $0.name) < ($1.slot, $1.name) } }
        let query = organizer.map { "&organizer=" + (Self.queryEscaped($0)) } ?? ""
        let model = AgendaPage(
            chrome: Chrome(title: "Agenda", instance: instance, user: user, page: .agenda, live: await live().version),
            weekTitle: "\(monday.dateText) to \(monday.addingDays(6).dateText)", week: monday.dateText,
            previousWeek: monday.addingDays(-7).dateText, nextWeek: monday.addingDays(7).dateText,
            thisWeek: Self.monday(of: today).dateText, organizerQuery: query, timeZone: zone.identifier, organizer: organizer ?? "",
            zoneDefault: zoneDefault, zones: Self.zoneNames, count: agenda.occurrences.count, cancelledCount: agenda.cancelled.count,
            limit: Self.agendaLimit, hasCancelled: !agenda.cancelled.isEmpty, truncated: agenda.truncated,
            hours: (0..<24).map { OpsText.twoDigits($0) + ":00" }, days: days)
        return render("agenda", model)
    }

    /// `14:05` in `zone`.
    static func clock(_ date: Date, _ zone: TimeZone) -> String {
        let local = LocalDateTime(date, in: zone)
        return OpsText.twoDigits(local.hour) + ":" + OpsText.twoDigits(local.minute)
    }

    static func queryEscaped(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~@")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    // MARK: A meeting

    struct MeetingPage {
        struct Mail { var recipient, method, state, createdAt: String; var sequence: Int; var recurrenceId, lastError: String? }
        struct Change { var at, via, by: String }
        var chrome: Chrome
        var name, week, id, state, organizer, organizerRole, start, end, timeZone, repeats, spaceName, spaceKind: String
        var key, organizerName, organizerRoleRule, viewerZone, spaceURI, coSpaceId, override: String?
        var hasCancelled: Bool
        var cancelled: [String]
        var attendees: [MeetingView.AttendeeView]
        var joinDetails: [JoinDetails]
        var history: [Change]
        var mails: [Mail]
    }

    /// A meeting by its exact id. Passcodes and web links (which hold the space's secret) are
    /// shown to admins and schedulers; a viewer sees how to dial in, not the secrets.
    func meeting(_ user: OpsUser, id: String, zone: TimeZone) async throws -> String? {
        guard let meeting = try? await scheduler.meeting(id), meeting.id == id else { return nil }
        let settings = scheduler.environment.typed.meetings
        let view = MeetingView(meeting, sipDomain: settings.sipDomain, webBaseURL: settings.webBaseURL)
        var joinDetails = view.joinDetails
        if user.role == .viewer {
            for index in joinDetails.indices {
                joinDetails[index].passcode = joinDetails[index].passcode.map { _ in "(hidden from viewers)" }
                joinDetails[index].webLink = nil
            }
        }
        let start = meeting.start.instant(in: meeting.zone)
        let mails = try await scheduler.outbox(OutboxFilter(meetingId: meeting.id, newest: Self.outboxRowsShown)).map {
            MeetingPage.Mail(
                recipient: $0.recipient, method: $0.method, state: $0.state, createdAt: OpsText.time($0.createdAt, zone), sequence: $0.sequence,
                recurrenceId: $0.recurrenceId, lastError: $0.lastError)
        }
        let history = try await scheduler.meetingHistory(meeting.id).map {
            MeetingPage.Change(at: OpsText.time($0.at, zone), via: $0.origin?.words ?? "not recorded", by: $0.origin?.user ?? "-")
        }
        let model = MeetingPage(
            chrome: Chrome(title: meeting.name, instance: instance, user: user, live: await live().version),
            name: meeting.name, week: Self.monday(of: LocalDateTime(start, in: zone)).dateText, id: meeting.id, state: meeting.state.rawValue,
            organizer: meeting.organizer, organizerRole: view.organizerRole, start: OpsText.time(start, zone),
            end: OpsText.time(start.addingTimeInterval(meeting.duration), zone), timeZone: meeting.timeZone,
            repeats: meeting.recurrence.map { RuleWords.describe($0, start: meeting.start, zone: meeting.zone) } ?? "does not repeat",
            spaceName: meeting.space.name, spaceKind: meeting.space.kind.rawValue, key: meeting.key, organizerName: meeting.organizerName,
            organizerRoleRule: meeting.organizerRoleRule?.rawValue, viewerZone: zone.identifier == meeting.timeZone ? nil : zone.identifier,
            spaceURI: meeting.space.uri, coSpaceId: meeting.space.coSpaceId, override: meeting.override,
            hasCancelled: !meeting.exceptions.isEmpty,
            cancelled: meeting.exceptions.map { OpsText.time($0.instant(in: meeting.zone), zone) },
            attendees: view.attendees, joinDetails: joinDetails, history: history, mails: mails)
        return render("meeting", model)
    }
}
