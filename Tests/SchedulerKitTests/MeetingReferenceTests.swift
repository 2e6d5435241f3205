import Foundation
import Testing
import TestSupport

@testable import SchedulerKit

/// How a command names a meeting: its id, its key, or a prefix of its id.
@Suite("meeting references")
struct MeetingReferenceTests {
    /// Meetings with chosen ids beside one made the usual way: three share their first 12 characters.
    func fill(_ f: SchedulerFixture) async throws -> Meeting {
        let made = try await f.meeting { $0.key = "made" }
        for (index, id) in ["0193a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b", "0193a1b2-c3d4-7f00-9000-000000000001",
                            "0193a1b2-c3d4-7f00-9000-000000000002", "0193a1b2-c3d5-7000-a000-000000000003"].enumerated() {
            var copy = made
            copy.id = id
            copy.key = "copy-\(index)"
            copy.uid = "\(id)@cmsched"
            copy.space.id = "space-\(id)"
            copy.space.coSpaceId = nil  // one temporary space per coSpace
            #expect(try await f.store.insert(copy, claim: .ofAGoneProcess))
        }
        return made
    }

    func found(_ f: SchedulerFixture, _ reference: String) async throws -> String? {
        try await f.store.meeting(reference: reference)?.id
    }

    @Test func anIdAKeyOrAUniquePrefixOfEightOrMoreCharactersNamesOneMeeting() async throws {
        let f = try await SchedulerFixture.start()
        defer { Task { try await f.stop() } }
        let made = try await fill(f)
        #expect(made.id.count == 36 && Array(made.id)[14] == "7")
        await #expect(try found(f, made.id) == made.id)
        await #expect(try found(f, "made") == made.id)
        await #expect(try found(f, "copy-3") == "0193a1b2-c3d5-7000-a000-000000000003")
        await #expect(try found(f, "0193a1b2-c3d5") == "0193a1b2-c3d5-7000-a000-000000000003")
        await #expect(try found(f, "0193A1B2-C3D4-7E") == "0193a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b")
        await #expect(try found(f, "0193a1b2-c3d4-7f00-9000-000000000002") == "0193a1b2-c3d4-7f00-9000-000000000002")
        // Shorter than 8 characters, or matching nothing: no meeting.
        await #expect(try found(f, "0193a1b") == nil)
        await #expect(try found(f, "0193a1b3") == nil)
        await #expect(try found(f, "ffffffff-") == nil)
        // `%` and `_` are characters, not patterns.
        await #expect(try found(f, "0193a1b2-c3d5%") == nil)
        await #expect(try found(f, "0193a1b2-c3d5-7000-a000-00000000000_") == nil)
        await #expect(try found(f, "________") == nil)
    }

    @Test func aPrefixOfSeveralIdsIsRefusedSayingSo() async throws {
        let f = try await SchedulerFixture.start()
        defer { Task { try await f.stop() } }
        _ = try await fill(f)
        for reference in ["0193a1b2", "0193a1b2-c3d4", "0193a1b2-c3d4-7f00-9000-00000000000"] {
            do {
                _ = try await f.store.meeting(reference: reference)
                Issue.record("\(reference) named one meeting")
            } catch let error as CmschedError {
                #expect(error.exitStatus == .inputMissing)
                #expect(error.message == "more than one meeting id begins '\(reference)'; give more of the id, or the meeting's key")
            }
        }
    }
}
