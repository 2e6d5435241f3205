import Foundation
import Testing

@testable import CallBridgeSim
@testable import SchedulerKit

/// The simulator's API rules (cms-api.md §5), checked on its state directly.
@Suite("cms-sim API rules")
struct SimulatorRulesTests {
    let state = CallBridgeState(pageCap: 10)

    func post(_ path: String, _ form: [(String, String)]) async -> SimReply {
        await state.handle(method: "POST", path: path, query: [], form: form)
    }

    func get(_ path: String, _ query: [(String, String)] = []) async throws -> XMLTree {
        let reply = await state.handle(method: "GET", path: path, query: query, form: [])
        #expect(reply.status == 200)
        #expect(reply.body?.hasPrefix("<?xml version=\"1.0\"?><") == true)
        #expect(reply.body?.contains("\n") == false)
        return try XMLTree.parse(Data((reply.body ?? "").utf8))
    }

    func created(_ reply: SimReply) throws -> String {
        #expect(reply.status == 200)
        #expect(reply.body == nil)
        let location = try #require(reply.headers["Location"])
        #expect(location.hasPrefix("/api/v1/"))
        return String(location.split(separator: "/").last!)
    }

    func reason(_ reply: SimReply) -> String? {
        reply.body.flatMap { try? XMLTree.parse(Data($0.utf8)) }.flatMap { FailureReason(xml: $0)?.reason }
    }

    @Test func requireCallIdAssignsAUniqueCallIdAndASecret() async throws {
        let id = try created(await post("/coSpaces", [("name", "A"), ("requireCallId", "true")]))
        let space = try await get("/coSpaces/\(id)")
        #expect(space.value("callId")?.count == 9)
        #expect(space.value("secret")?.range(of: "^[A-Za-z0-9_-]{22}$", options: .regularExpression) != nil)
        #expect(space.value("requireCallId") == nil)
    }

    @Test func putWithAnEmptyValueClearsAndOmittedKeepsFields() async throws {
        let id = try created(await post("/coSpaces", [("name", "A"), ("uri", "a.b"), ("passcode", "1234")]))
        let reply = await state.handle(method: "PUT", path: "/coSpaces/\(id)", query: [], form: [("passcode", "")])
        #expect(reply == SimReply(status: 200, body: nil, headers: [:]))
        let space = try await get("/coSpaces/\(id)")
        #expect(space.value("passcode") == nil)
        #expect(space.value("uri") == "a.b")
    }

    @Test func regenerateSecretRotatesIt() async throws {
        let id = try created(await post("/coSpaces", [("name", "A"), ("callId", "5551234")]))
        let before = try await get("/coSpaces/\(id)").value("secret")
        _ = await state.handle(method: "PUT", path: "/coSpaces/\(id)", query: [], form: [("regenerateSecret", "true")])
        let after = try await get("/coSpaces/\(id)").value("secret")
        #expect(before != nil && after != nil && before != after)
    }

    @Test func accessMethodsShareAUriOnlyWithDifferentPasscodes() async throws {
        let space = try created(await post("/coSpaces", [("name", "S"), ("uri", "team")]))
        _ = try created(await post("/coSpaces/\(space)/accessMethods", [("uri", "team.guest"), ("passcode", "1")]))
        _ = try created(await post("/coSpaces/\(space)/accessMethods", [("uri", "team.guest"), ("passcode", "2")]))
        #expect(reason(await post("/coSpaces/\(space)/accessMethods", [("uri", "team.guest"), ("passcode", "1")]))
            == "duplicateCoSpaceUriPasscode")
        let other = try created(await post("/coSpaces", [("name", "T")]))
        #expect(reason(await post("/coSpaces/\(other)/accessMethods", [("uri", "TEAM.guest")])) == "duplicateCoSpaceUri")
        #expect(try await get("/coSpaces/\(space)").value("numAccessMethods") == "2")
    }

    @Test func callIdsAreUniqueAcrossSpaces() async throws {
        _ = try created(await post("/coSpaces", [("name", "A"), ("callId", "100")]))
        #expect(reason(await post("/coSpaces", [("name", "B"), ("callId", "100")])) == "duplicateCoSpaceId")
        #expect(reason(await post("/coSpaces", [("name", "B"), ("callId", "12x")])) == "parameterError")
    }

    @Test func unknownIdsAndPathsAre404WithTheirReason() async throws {
        let missing = await state.handle(method: "GET", path: "/coSpaces/nope", query: [], form: [])
        #expect(missing.status == 404)
        #expect(reason(missing) == "coSpaceDoesNotExist")
        #expect(reason(await post("/coSpaces/nope/accessMethods", [("uri", "x")])) == "coSpaceDoesNotExist")
        #expect(reason(await state.handle(method: "GET", path: "/coSpace", query: [], form: [])) == "unrecognizedObject")
        #expect(reason(await state.handle(method: "GET", path: "/accessMethods", query: [], form: [])) == "unrecognizedObject")
    }

    @Test func pagingHonoursOffsetLimitAndTheCap() async throws {
        for index in 0..<13 { _ = await post("/coSpaces", [("name", "Sales \(index)")]) }
        let first = try await get("/coSpaces", [("limit", "50")])
        #expect(first.attributes["total"] == "13")
        #expect(first.children.count == 10)
        #expect(try await get("/coSpaces", [("offset", "10"), ("limit", "2")]).children.count == 2)
        #expect(try await get("/coSpaces", [("offset", "20")]).children.isEmpty)
        let filtered = try await get("/coSpaces", [("filter", "SALES 1")])
        #expect(filtered.attributes["total"] == "4")
    }

    @Test func emptyCollectionIsSelfClosed() async throws {
        let reply = await state.handle(method: "GET", path: "/callBridges", query: [], form: [])
        #expect(reply.body == "<?xml version=\"1.0\"?><callBridges total=\"0\"/>")
    }

    @Test func uriGeneratorNeedsExactlyOneDollar() async throws {
        let template = try created(await post("/coSpaceTemplates", [("name", "T")]))
        let path = "/coSpaceTemplates/\(template)/accessMethodTemplates"
        _ = try created(await post(path, [("name", "ok"), ("uriGenerator", "$.guest")]))
        for bad in ["$$.guest", "guest", "$ guest", "$.gu@st"] {
            #expect(reason(await post(path, [("name", "bad"), ("uriGenerator", bad)])) == "parameterError", "\(bad)")
        }
    }

    @Test func templateAssignmentIsUniquePerUser() async throws {
        let template = try created(await post("/coSpaceTemplates", [("name", "T")]))
        let user = await state.seedDirect("users", id: nil, fields: ["userJid": "a@b.c"])
        _ = try created(await post("/users/\(user)/userCoSpaceTemplates", [("coSpaceTemplate", template)]))
        #expect(reason(await post("/users/\(user)/userCoSpaceTemplates", [("coSpaceTemplate", template)]))
            == "duplicateUserCoSpaceTemplate")
        #expect(reason(await post("/users/\(user)/userCoSpaceTemplates", [("coSpaceTemplate", "nope")]))
            == "coSpaceTemplateDoesNotExist")
        #expect(reason(await post("/users", [("userJid", "x@y.z")])) == "invalidOperation")
    }

    @Test func callsAreFoundByTheirSpace() async throws {
        let space = try created(await post("/coSpaces", [("name", "Busy"), ("meetingScheduler", "Sai Acano")]))
        let other = try created(await post("/coSpaces", [("name", "Idle")]))
        let call = try created(await post("/calls", [("coSpace", space)]))
        let calls = try await get("/calls", [("coSpaceFilter", space)])
        #expect(calls.children.map { $0.attributes["id"] } == [call])
        #expect(try await get("/calls", [("coSpaceFilter", other)]).attributes["total"] == "0")
        #expect(try await get("/calls/\(call)").value("ownerName") == "Sai Acano")
    }

    @Test func membersNeedAKnownUserAndGetDefaults() async throws {
        _ = await state.seedDirect("users", id: "u1", fields: ["userJid": "sai@s.com"])
        let space = try created(await post("/coSpaces", [("name", "S")]))
        #expect(reason(await post("/coSpaces/\(space)/coSpaceUsers", [("userJid", "nobody@s.com")])) == "userDoesNotExist")
        #expect(reason(await post("/coSpaces/\(space)/coSpaceUsers", [])) == "parameterError")
        let member = try created(await post("/coSpaces/\(space)/coSpaceUsers", [("userJid", "sai@s.com")]))
        let detail = try await get("/coSpaces/\(space)/coSpaceUsers/\(member)")
        #expect(detail.value("userId") == "u1")
        #expect(detail.bool("canDestroy") == false)
        #expect(detail.bool("canChangeNonMemberAccessAllowed") == true)
    }

    @Test func uriUsageQueryNamesTheSpace() async throws {
        let space = try created(await post("/coSpaces", [("name", "S"), ("uri", "used.uri")]))
        let used = await post("/uriUsageQuery", [("uri", "USED.uri")])
        let usage = URIUsage(xml: try XMLTree.parse(Data(used.body!.utf8)))
        #expect(usage == URIUsage(xml: XMLTree(name: "uriUsageQuery", children: [XMLTree(name: "coSpace", text: space)])))
        #expect(usage.objectId == space)
        let free = await post("/uriUsageQuery", [("uri", "free.uri")])
        #expect(URIUsage(xml: try XMLTree.parse(Data(free.body!.utf8))).type == nil)
    }

    @Test func deletingASpaceRemovesItsAccessMethodsAndCalls() async throws {
        let space = try created(await post("/coSpaces", [("name", "S"), ("uri", "gone")]))
        _ = try created(await post("/coSpaces/\(space)/accessMethods", [("uri", "gone.guest")]))
        _ = try created(await post("/calls", [("coSpace", space)]))
        #expect(await state.handle(method: "DELETE", path: "/coSpaces/\(space)", query: [], form: []).status == 200)
        #expect(await state.count("coSpaces/\(space)/accessMethods") == 0)
        #expect(await state.count("calls") == 0)
        _ = try created(await post("/coSpaces", [("name", "again"), ("uri", "gone.guest")]))
    }

    @Test func changedAndDeletedAddressesAreFreedAndTheIndexFollowsEveryChange() async throws {
        let first = try created(await post("/coSpaces", [("name", "A"), ("uri", "alpha"), ("callId", "111111111")]))
        let method = try created(await post("/coSpaces/\(first)/accessMethods", [("uri", "alpha.guest"), ("callId", "222222222")]))
        // Taken while they are held…
        #expect(await post("/coSpaces", [("name", "B"), ("uri", "alpha")]).body?.contains("duplicateCoSpaceUri") == true)
        #expect(await post("/coSpaces", [("name", "B"), ("callId", "222222222")]).body?.contains("duplicateCoSpaceId") == true)
        // …free once changed away (PUT) or deleted, and the new value is taken instead.
        #expect(await state.handle(method: "PUT", path: "/coSpaces/\(first)", query: [], form: [("uri", "beta")]).status == 200)
        let second = try created(await post("/coSpaces", [("name", "B"), ("uri", "alpha")]))
        #expect(await post("/coSpaces", [("name", "C"), ("uri", "beta")]).body?.contains("duplicateCoSpaceUri") == true)
        #expect(await state.handle(method: "DELETE", path: "/coSpaces/\(first)/accessMethods/\(method)", query: [], form: []).status == 200)
        _ = try created(await post("/coSpaces", [("name", "C"), ("callId", "222222222")]))
        let usage = await post("/uriUsageQuery", [("uri", "alpha")])
        #expect(usage.body?.contains(second) == true)
        #expect(await state.handle(method: "DELETE", path: "/coSpaces/\(first)", query: [], form: []).status == 200)
        _ = try created(await post("/coSpaces", [("name", "D"), ("uri", "beta"), ("callId", "111111111")]))
        // A space's own access method may share its URI with another passcode only.
        #expect(await post("/coSpaces/\(second)/accessMethods", [("uri", "alpha")]).body?.contains("duplicateCoSpaceUriPasscode") == true)
        _ = try created(await post("/coSpaces/\(second)/accessMethods", [("uri", "alpha"), ("passcode", "1234")]))
    }

    @Test func theExampleSeedLoads() async throws {
        let seed = try SimSeed.load(path: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples/cms-sim-seed.json").path)
        let seeded = CallBridgeState()
        try await seed.apply(to: seeded)
        #expect(seed.user == "schedapi")
        #expect(await seeded.count("users") == 3)
        #expect(await seeded.count("webBridges") == 3)
        #expect(await seeded.count("coSpaceTemplates") == 1)
        #expect(await seeded.count("coSpaces") == 1)
    }

    @Test func faultDiceFollowTheirSeedAndBudget() async {
        var faults = SimFaults()
        faults.busyRate = 0.5
        faults.seed = 7
        let first = FaultDice(faults)
        let second = FaultDice(faults)
        var rolls: [Bool] = []
        for _ in 0..<32 {
            let a = await first.roll(0.5)
            let b = await second.roll(0.5)
            #expect(a == b)
            rolls.append(a)
        }
        #expect(rolls.contains(true) && rolls.contains(false))
        faults.budget = 2
        let limited = FaultDice(faults)
        var hits = 0
        for _ in 0..<20 where await limited.roll(1) { hits += 1 }
        #expect(hits == 2)
    }
}
