import Foundation
import Testing

@testable import SchedulerKit

@Suite("text tables and generated URIs")
struct TextShapeTests {
    @Test func tableColumnsAlignByCharactersAndLinesEndWithoutSpaces() {
        let text = Render.table(header: ["id", "name", "note"], rows: [
            ["1", "Team 🎉x", ""],
            ["22", "Ünïcödé", "last column  "],
            ["333", "a", "z"],
        ])
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines == [
            "ID   NAME     NOTE",
            "1    Team 🎉x",
            "22   Ünïcödé  last column",
            "333  a        z",
            "",
        ])
        // Every cell is whole: nothing was cut inside a character outside the BMP.
        #expect(text.contains("Team 🎉x"))
        #expect(lines.allSatisfy { $0.last?.isWhitespace != true })
    }

    @Test func anEmptyTableIsItsHeader() {
        #expect(Render.table(header: ["a", "b"], rows: []) == "A  B\n")
    }

    @Test func onlyURIsOfTheGeneratedShapeLookGenerated() {
        for _ in 0..<200 {
            let uri = SpaceNaming.baseURI(for: String((0..<Int.random(in: 0...60)).map { _ in "aZ9 -_.é🎉".randomElement()! }))
            #expect(SpaceNaming.looksGenerated(uri), "\(uri)")
        }
        for uri in ["team.abc123", "a.000000", String(repeating: "x", count: 40) + ".zzzzzz", "a-b-c.q1w2e3"] {
            #expect(SpaceNaming.looksGenerated(uri), "\(uri)")
        }
        for uri: String? in [
            nil, "", ".abc123", "team.abc12", "team.abc1234", "Team.abc123", "team.ABC123", "team.abc-12",
            "team_x.abc123", "te.am.abc123", "team.abc123\n", "team.abc123 ", " team.abc123",
            String(repeating: "x", count: 41) + ".zzzzzz", "tëam.abc123", "team.abc12é", "team", "team.",
        ] {
            #expect(!SpaceNaming.looksGenerated(uri), "\(String(describing: uri))")
        }
    }
}
