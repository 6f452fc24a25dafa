import Testing
@testable import CronopsCore

/// The model's values keep value semantics however they store their fields.
@Suite struct ModelValueTests {
    static func location(_ file: String, _ line: Int) -> CronopsCore.SourceLocation {
        CronopsCore.SourceLocation(file: file, line: line, column: 3)
    }

    static func job(_ name: String) throws -> Job {
        Job(name: name, command: "true", schedule: try CronSchedule.parse("0 1 * * *").get(), hosts: ["web-1"],
            location: location("jobs/a.yaml", 2), fieldLocations: ["command": location("jobs/a.yaml", 3)])
    }

    /// A job shares its fields with its copies until one is written: the write changes that
    /// copy only, for every kind of field.
    @Test func aCopiedJobChangesAloneWhenWritten() throws {
        let original = try Self.job("backup")
        var copy = original
        copy.name = "restore"
        copy.hosts.append("web-2")
        copy.validate.stdoutContains = ["done"]
        copy.fieldLocations["user"] = Self.location("jobs/a.yaml", 9)
        #expect(original.name == "backup" && original.hosts == ["web-1"])
        #expect(original.validate.stdoutContains.isEmpty && original.fieldLocations["user"] == nil)
        #expect(copy.name == "restore" && copy.hosts == ["web-1", "web-2"] && copy.validate.stdoutContains == ["done"])
        #expect(copy.location(of: "user").line == 9 && copy.location(of: "tags") == copy.location)
    }

    @Test func fieldLocationsAddReplaceAndRemove() {
        var locations: FieldLocations = ["command": Self.location("a.yaml", 3), "schedule": Self.location("a.yaml", 4)]
        locations["command"] = Self.location("a.yaml", 30)
        locations["user"] = Self.location("a.yaml", 5)
        locations["schedule"] = nil
        locations["absent"] = nil
        #expect(locations["command"]?.line == 30 && locations["user"]?.line == 5)
        #expect(locations["schedule"] == nil && locations["absent"] == nil)
    }

    /// Locations name their file by number: equal paths are equal locations, whichever was
    /// seen first, and order is by path, then line, then column.
    @Test func locationsCompareByPathLineAndColumn() {
        let late = Self.location("jobs/zz-\(#line).yaml", 1)
        let early = Self.location("jobs/aa-\(#line).yaml", 50)
        #expect(early < late && !(late < early))
        #expect(Self.location("jobs/b.yaml", 2) == Self.location(String("jobs/b.yaml"), 2))
        #expect(Self.location("jobs/b.yaml", 2) < Self.location("jobs/b.yaml", 10))
        #expect(Self.location("jobs/b.yaml", 2).advanced(by: 4).column == 7)
        var moved = Self.location("jobs/b.yaml", 2)
        moved.file = "jobs/c.yaml"
        #expect(moved.file == "jobs/c.yaml" && moved.description == "jobs/c.yaml:2:3")
        #expect(Set([moved, Self.location("jobs/c.yaml", 2)]).count == 1)
    }
}
